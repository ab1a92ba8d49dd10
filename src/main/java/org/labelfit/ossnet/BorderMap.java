package org.labelfit.ossnet;

import org.labelfit.LabelFitException;

/**
 * The border map of the official scripts ({@code scripts/generate_borders_*.py}, spec §3): the gradient magnitude
 * of the binary mask by Sobel filters ({@code scipy.ndimage.generic_gradient_magnitude} with {@code sobel}, whose
 * borders are {@code reflect}: a label touching the volume's edge has no gradient there), max-pooled over 13³
 * (stride 1, padding 6), &gt; 0. That is every voxel within Chebyshev distance 6 of a voxel with a non-zero gradient.
 * <p>
 * Volumes are in C order (x, y, z), z fastest, like {@link Patches}. The Sobel responses of a binary mask are small
 * whole numbers, so the test "magnitude &gt; 0" is exact here.
 */
public final class BorderMap {

	/** Half-width of the max pool: 13³ = 2·6 + 1. */
	public static final int RADIUS = 6;

	private static final int[] DERIVATIVE = { -1, 0, 1 }, SMOOTHING = { 1, 2, 1 };

	private BorderMap() {}

	/** The border map of {@code mask} (dims x, y, z). */
	public static boolean[] of(boolean[] mask, int[] dims) {
		return dilate(gradient(mask, dims), dims, RADIUS);
	}

	/** Where the Sobel gradient magnitude of the mask is non-zero: some axis' derivative (smoothed across the others) is. */
	static boolean[] gradient(boolean[] mask, int[] dims) {
		if (dims.length != 3 || (long) dims[0] * dims[1] * dims[2] != mask.length)
			throw new LabelFitException("mask has " + mask.length + " voxels, not " + java.util.Arrays.toString(dims));
		int[] m = new int[mask.length];
		for (int i = 0; i < m.length; i++) m[i] = mask[i] ? 1 : 0;
		boolean[] out = new boolean[mask.length];
		for (int axis = 0; axis < 3; axis++) {
			int[] g = m;
			for (int a = 0; a < 3; a++) g = correlate(g, dims, a, a == axis ? DERIVATIVE : SMOOTHING);
			for (int i = 0; i < out.length; i++) out[i] |= g[i] != 0;
		}
		return out;
	}

	/** A 3-tap correlation along {@code axis} with scipy's {@code reflect} border (… b a | a b …). */
	private static int[] correlate(int[] in, int[] dims, int axis, int[] kernel) {
		int n = dims[axis], stride = stride(dims, axis);
		int[] out = new int[in.length];
		for (int i = 0; i < in.length; i++) {
			int pos = i / stride % n;
			int before = pos == 0 ? i : i - stride, after = pos == n - 1 ? i : i + stride;
			out[i] = kernel[0] * in[before] + kernel[1] * in[i] + kernel[2] * in[after];
		}
		return out;
	}

	/** Every voxel within Chebyshev distance {@code radius} of a set one (a max filter, separable per axis). */
	static boolean[] dilate(boolean[] set, int[] dims, int radius) {
		boolean[] out = set;
		for (int axis = 0; axis < 3; axis++) out = dilate(out, dims, axis, radius);
		return out;
	}

	private static boolean[] dilate(boolean[] in, int[] dims, int axis, int radius) {
		int n = dims[axis], stride = stride(dims, axis);
		boolean[] out = new boolean[in.length];
		int[] count = new int[n + 1];
		for (int start = 0; start < in.length; start++) {
			if (start / stride % n != 0) continue;
			// a line along axis starting at its first voxel: prefix counts, then a window test per voxel
			for (int k = 0; k < n; k++) count[k + 1] = count[k] + (in[start + k * stride] ? 1 : 0);
			for (int k = 0; k < n; k++)
				out[start + k * stride] = count[Math.min(n, k + radius + 1)] > count[Math.max(0, k - radius)];
		}
		return out;
	}

	private static int stride(int[] dims, int axis) {
		return axis == 0 ? dims[1] * dims[2] : axis == 1 ? dims[2] : 1;
	}
}
