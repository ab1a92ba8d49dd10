package org.labelfit.universeg.episodes;

import java.util.Arrays;
import java.util.Random;

import org.labelfit.image.Gaussian;

/**
 * Pixel helpers shared by the augmentations and the synthetic tasks. Images are square, row-major float arrays
 * (index {@code y * size + x}); no method mutates its input.
 */
public final class Fields {

	private Fields() {
	}

	/**
	 * Separable Gaussian blur. Borders replicate the edge pixel rather than padding with 0, so blurring never
	 * darkens the image edge and a constant image stays constant.
	 */
	public static float[] blur(float[] image, int size, double sigma) {
		checkSquare(image, size);
		double[] w = Gaussian.kernel(sigma);
		int r = w.length / 2;
		float[] rows = new float[image.length];
		for (int y = 0; y < size; y++) {
			int row = y * size;
			for (int x = 0; x < size; x++) {
				double acc = 0;
				for (int k = -r; k <= r; k++)
					acc += w[k + r] * image[row + clamp(x + k, size)];
				rows[row + x] = (float) acc;
			}
		}
		float[] out = new float[image.length];
		double[] acc = new double[size];
		for (int y = 0; y < size; y++) {
			Arrays.fill(acc, 0);
			for (int k = -r; k <= r; k++) {
				int src = clamp(y + k, size) * size;
				double wk = w[k + r];
				for (int x = 0; x < size; x++)
					acc[x] += wk * rows[src + x];
			}
			for (int x = 0; x < size; x++)
				out[y * size + x] = (float) acc[x];
		}
		return out;
	}

	/**
	 * Bilinear interpolation at pixel coordinates (x, y); pixels outside the image count as 0, the padding used
	 * by every geometric augmentation. At integer coordinates it returns the pixel exactly.
	 */
	public static float bilinear(float[] image, int size, double x, double y) {
		double fx0 = Math.floor(x), fy0 = Math.floor(y);
		if (!(fx0 >= -1 && fx0 < size && fy0 >= -1 && fy0 < size))
			return 0f;
		int x0 = (int) fx0, y0 = (int) fy0;
		double fx = x - fx0, fy = y - fy0;
		double top = (1 - fx) * pixel(image, size, x0, y0) + fx * pixel(image, size, x0 + 1, y0);
		double bottom = (1 - fx) * pixel(image, size, x0, y0 + 1) + fx * pixel(image, size, x0 + 1, y0 + 1);
		return (float) ((1 - fy) * top + fy * bottom);
	}

	/**
	 * A smooth random field: uniform white noise in [-1, 1] blurred with {@code sigma} pixels, then rescaled so
	 * that max |value| = 1. The rescaling makes its amplitude independent of sigma, so callers scale it directly
	 * (e.g. to a displacement in pixels). For sigma &gt;= 4 the noise is drawn on a grid coarser by
	 * floor(sigma / 2), blurred there with sigma / step (2 to 4 coarse pixels) and upsampled bilinearly: the same
	 * kind of field at a fraction of the cost, which keeps elastic augmentation cheap.
	 */
	public static float[] smoothField(Random rng, int size, double sigma) {
		int step = Math.max(1, (int) (sigma / 2));
		int coarse = (size - 1 + step - 1) / step + 1;
		float[] noise = new float[coarse * coarse];
		for (int i = 0; i < noise.length; i++)
			noise[i] = (float) (2 * rng.nextDouble() - 1);
		float[] field = blur(noise, coarse, sigma / step);
		if (step > 1) {
			float[] fine = new float[size * size];
			for (int y = 0, i = 0; y < size; y++)
				for (int x = 0; x < size; x++, i++)
					fine[i] = bilinear(field, coarse, (double) x / step, (double) y / step);
			field = fine;
		}
		float max = 0;
		for (float v : field)
			max = Math.max(max, Math.abs(v));
		if (max > 0)
			for (int i = 0; i < field.length; i++)
				field[i] /= max;
		return field;
	}

	/** The side of a square image with {@code length} pixels. */
	static int side(int length) {
		int size = (int) Math.round(Math.sqrt(length));
		if (size < 1 || size * size != length)
			throw new IllegalArgumentException("expected a square image, got " + length + " pixels");
		return size;
	}

	static void checkSquare(float[] image, int size) {
		if (size < 1 || image.length != size * size)
			throw new IllegalArgumentException("expected " + size + "x" + size + " pixels, got " + image.length);
	}

	/** Uniform in [lo, hi]. */
	static double uniform(Random rng, double lo, double hi) {
		return lo + (hi - lo) * rng.nextDouble();
	}

	static float clip01(double v) {
		return v <= 0 ? 0f : v >= 1 ? 1f : (float) v;
	}

	static int clamp(int i, int size) {
		return i < 0 ? 0 : i >= size ? size - 1 : i;
	}

	private static float pixel(float[] image, int size, int x, int y) {
		return x < 0 || y < 0 || x >= size || y >= size ? 0f : image[y * size + x];
	}
}
