package org.labelfit.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import org.labelfit.LabelFitException;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Intensity normalizations. Every method returns a new array or image and never mutates its input.
 * Img variants use statistics over the whole image (all z-slices together).
 */
public final class Normalization {

	private Normalization() {
	}

	/**
	 * Rescales linearly so the minimum becomes 0 and the maximum 1.
	 *
	 * @throws LabelFitException for a constant image or non-finite values
	 */
	public static float[] minMax(float[] values) {
		double[] range = range(values);
		if (range[0] == range[1])
			throw new LabelFitException("image is constant (every pixel is " + (float) range[0] + "); cannot normalize it");
		return rescale(values, range[0], range[1]);
	}

	/**
	 * Clips to the [lowPercent, highPercent] percentiles, then rescales that range to [0, 1]. Percentiles
	 * interpolate linearly between sorted values (NumPy's default). When both percentiles coincide (e.g. a
	 * mostly-zero image) but the image is not constant, falls back to {@link #minMax}.
	 */
	public static float[] percentileClip(float[] values, double lowPercent, double highPercent) {
		if (!(0 <= lowPercent && lowPercent < highPercent && highPercent <= 100))
			throw new LabelFitException("percentiles must satisfy 0 <= low < high <= 100 (got " + lowPercent + " and " + highPercent + ")");
		range(values);
		float[] sorted = values.clone();
		Arrays.sort(sorted);
		double lo = percentileOfSorted(sorted, lowPercent), hi = percentileOfSorted(sorted, highPercent);
		if (lo == hi)
			return minMax(values);
		return rescale(values, lo, hi);
	}

	/** Sets negative values (and -0) to 0. */
	public static float[] clipNegative(float[] values) {
		float[] out = new float[values.length];
		for (int i = 0; i < values.length; i++)
			out[i] = values[i] > 0 ? values[i] : 0f;
		return out;
	}

	/** The p-th percentile (0..100) with linear interpolation between sorted values. */
	public static double percentile(float[] values, double percent) {
		float[] sorted = values.clone();
		Arrays.sort(sorted);
		return percentileOfSorted(sorted, percent);
	}

	public static Img<FloatType> minMax(Img<FloatType> img) {
		return applyGlobally(img, Normalization::minMax);
	}

	public static Img<FloatType> percentileClip(Img<FloatType> img, double lowPercent, double highPercent) {
		return applyGlobally(img, v -> percentileClip(v, lowPercent, highPercent));
	}

	public static Img<FloatType> clipNegative(Img<FloatType> img) {
		return applyGlobally(img, Normalization::clipNegative);
	}

	/** Mean and unbiased standard deviation (as {@code torch.std}) of a volume's voxels. */
	public static double[] meanAndStd(float[][] planes) {
		double sum = 0;
		long n = 0;
		for (float[] p : planes) {
			for (float v : p) sum += v;
			n += p.length;
		}
		double mean = sum / n, squares = 0;
		for (float[] p : planes) for (float v : p) squares += (v - mean) * (v - mean);
		return new double[] { mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0 };
	}

	/**
	 * (x − mean) / std of a volume, a copy (the image is not touched); all zeros when the volume is constant, where
	 * the official OSS-Net code would divide by zero.
	 */
	public static float[][] zScored(float[][] planes) {
		double[] ms = meanAndStd(planes);
		float[][] out = new float[planes.length][];
		for (int z = 0; z < planes.length; z++) {
			out[z] = new float[planes[z].length];
			if (ms[1] > 0) for (int i = 0; i < out[z].length; i++) out[z][i] = (float) ((planes[z][i] - ms[0]) / ms[1]);
		}
		return out;
	}

	/** Runs an array operation over all slices concatenated, so statistics are global, and splits the result. */
	private static Img<FloatType> applyGlobally(Img<FloatType> img, UnaryOperator<float[]> op) {
		int[] d = Images.dims2or3(img);
		float[][] planes = Images.floatPlanes(img);
		int n = d[0] * d[1];
		float[] all = new float[n * planes.length];
		for (int z = 0; z < planes.length; z++)
			System.arraycopy(planes[z], 0, all, z * n, n);
		float[] result = op.apply(all);
		List<float[]> out = new ArrayList<>(planes.length);
		for (int z = 0; z < planes.length; z++)
			out.add(Arrays.copyOfRange(result, z * n, (z + 1) * n));
		return Images.floatImg(out, d[0], d[1]);
	}

	private static double percentileOfSorted(float[] sorted, double percent) {
		double pos = percent / 100 * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1)
			return sorted[sorted.length - 1];
		double frac = pos - i;
		return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
	}

	/** {min, max}; rejects NaN and infinities so callers never normalize garbage. */
	private static double[] range(float[] values) {
		if (values.length == 0)
			throw new LabelFitException("image is empty");
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float v : values) {
			if (!Float.isFinite(v))
				throw new LabelFitException("image contains NaN or infinite values");
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		return new double[] { min, max };
	}

	private static float[] rescale(float[] values, double lo, double hi) {
		double scale = 1 / (hi - lo);
		float[] out = new float[values.length];
		for (int i = 0; i < values.length; i++)
			out[i] = (float) ((Math.min(Math.max(values[i], lo), hi) - lo) * scale);
		return out;
	}
}
