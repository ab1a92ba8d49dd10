package org.labelfit.baseline;

import java.util.ArrayList;
import java.util.List;

import org.labelfit.image.Gaussian;

/**
 * Per-pixel filter features of a 2D image, close to Labkit's default feature set and Trainable Weka
 * Segmentation's defaults, so the random-forest baseline sees what a Fiji user's classifier sees. In order
 * ({@link #names()}):
 * <ol>
 * <li>{@code original}: the intensity;</li>
 * <li>{@code gaussian s}: Gaussian blur, σ = 1, 2, 4, 8;</li>
 * <li>{@code gradient s}: gradient magnitude of the σ-blurred image, σ = 1, 2, 4;</li>
 * <li>{@code laplacian s}: Laplacian of Gaussian, σ = 1, 2, 4;</li>
 * <li>{@code dog s-2s}: difference of Gaussians, blur(σ) − blur(2σ), σ = 1, 2, 4;</li>
 * <li>{@code hessian largest s}, {@code hessian smallest s}: the Hessian's eigenvalues (signed, largest
 * first) of the σ-blurred image, σ = 1, 2, 4.</li>
 * </ol>
 * That is 20 features. The Gaussian is separable, its kernel exp(−i²/2σ²) for |i| ≤ ⌈3σ⌉ normalised to sum 1;
 * derivatives are central finite differences of the blurred image, not rescaled by σ (a tree's thresholds do
 * not care). Borders are mirrored with the edge pixel repeated (… b a | a b c … c | c b …, scipy's
 * "reflect"), which works for any image size, also smaller than the kernel.
 */
public final class PixelFeatures {

	/** Blur scales; the derivative features use all but the last, which only feeds {@code gaussian 8} and DoG. */
	private static final int[] SIGMAS = { 1, 2, 4, 8 };

	private PixelFeatures() {
	}

	/** The feature names in the order of {@link #compute}'s rows. */
	public static List<String> names() {
		List<String> names = new ArrayList<>();
		names.add("original");
		for (int s : SIGMAS)
			names.add("gaussian " + s);
		for (String filter : new String[] { "gradient ", "laplacian " })
			for (int d = 0; d < SIGMAS.length - 1; d++)
				names.add(filter + SIGMAS[d]);
		for (int d = 0; d < SIGMAS.length - 1; d++)
			names.add("dog " + SIGMAS[d] + "-" + SIGMAS[d + 1]);
		for (int d = 0; d < SIGMAS.length - 1; d++) {
			names.add("hessian largest " + SIGMAS[d]);
			names.add("hessian smallest " + SIGMAS[d]);
		}
		return names;
	}

	/**
	 * The feature stack of a row-major image.
	 *
	 * @return {@code [names().size()][width * height]}
	 */
	public static float[][] compute(float[] image, int width, int height) {
		checkSize(image, width, height);
		float[][] blurred = new float[SIGMAS.length][];
		for (int s = 0; s < SIGMAS.length; s++)
			blurred[s] = gaussianBlur(image, width, height, SIGMAS[s]);
		int scales = SIGMAS.length - 1;
		float[][] stack = new float[1 + SIGMAS.length + 5 * scales][];
		stack[0] = image.clone();
		System.arraycopy(blurred, 0, stack, 1, SIGMAS.length);
		int gradient = 1 + SIGMAS.length, laplacian = gradient + scales, dog = laplacian + scales, hessian = dog + scales;
		for (int d = 0; d < scales; d++) {
			float[][] derivatives = derivatives(blurred[d], width, height);
			stack[gradient + d] = derivatives[0];
			stack[laplacian + d] = derivatives[1];
			stack[dog + d] = difference(blurred[d], blurred[d + 1]);
			stack[hessian + 2 * d] = derivatives[2];
			stack[hessian + 2 * d + 1] = derivatives[3];
		}
		return stack;
	}

	/** Separable Gaussian blur with a ⌈3σ⌉-radius kernel and mirrored borders; returns a new array. */
	public static float[] gaussianBlur(float[] image, int width, int height, double sigma) {
		checkSize(image, width, height);
		if (!(sigma > 0))
			throw new IllegalArgumentException("sigma must be positive, not " + sigma);
		double[] kernel = Gaussian.kernel(sigma);
		float[] rows = new float[image.length];
		float[] line = new float[width];
		for (int y = 0; y < height; y++) {
			convolve(image, y * width, 1, width, kernel, line);
			System.arraycopy(line, 0, rows, y * width, width);
		}
		float[] out = new float[image.length];
		line = new float[height];
		for (int x = 0; x < width; x++) {
			convolve(rows, x, width, height, kernel, line);
			for (int y = 0; y < height; y++)
				out[y * width + x] = line[y];
		}
		return out;
	}

	/** Convolves the line of {@code n} values at {@code offset + i * stride} into {@code out}, mirroring its ends. */
	private static void convolve(float[] data, int offset, int stride, int n, double[] kernel, float[] out) {
		int radius = kernel.length / 2;
		float[] padded = new float[n + 2 * radius];
		for (int i = 0; i < padded.length; i++)
			padded[i] = data[offset + mirror(i - radius, n) * stride];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int k = 0; k < kernel.length; k++)
				sum += kernel[k] * padded[i + k];
			out[i] = (float) sum;
		}
	}

	/** Index {@code i} reflected into [0, n) with the edge repeated, for any distance outside. */
	private static int mirror(int i, int n) {
		int period = 2 * n;
		int j = Math.floorMod(i, period);
		return j < n ? j : period - 1 - j;
	}

	/**
	 * Gradient magnitude, Laplacian and the Hessian's larger and smaller eigenvalues from central differences.
	 * For a one-pixel step the mirrored neighbour of an edge pixel is the edge pixel itself, i.e. clamping.
	 */
	private static float[][] derivatives(float[] b, int width, int height) {
		float[][] out = new float[4][b.length];
		for (int y = 0; y < height; y++) {
			int up = Math.max(y - 1, 0) * width, row = y * width, down = Math.min(y + 1, height - 1) * width;
			for (int x = 0; x < width; x++) {
				int left = Math.max(x - 1, 0), right = Math.min(x + 1, width - 1);
				double centre = b[row + x];
				double dx = (b[row + right] - b[row + left]) / 2.0;
				double dy = (b[down + x] - b[up + x]) / 2.0;
				double dxx = b[row + right] - 2 * centre + b[row + left];
				double dyy = b[down + x] - 2 * centre + b[up + x];
				double dxy = (b[down + right] - b[up + right] - b[down + left] + b[up + left]) / 4.0;
				double mean = (dxx + dyy) / 2, spread = Math.hypot((dxx - dyy) / 2, dxy);
				int p = row + x;
				out[0][p] = (float) Math.hypot(dx, dy);
				out[1][p] = (float) (dxx + dyy);
				out[2][p] = (float) (mean + spread);
				out[3][p] = (float) (mean - spread);
			}
		}
		return out;
	}

	private static float[] difference(float[] a, float[] b) {
		float[] out = new float[a.length];
		for (int i = 0; i < a.length; i++)
			out[i] = a[i] - b[i];
		return out;
	}

	private static void checkSize(float[] image, int width, int height) {
		if (width < 1 || height < 1 || (long) width * height != image.length)
			throw new IllegalArgumentException("image has " + image.length + " pixels, not " + width + "×" + height);
	}
}
