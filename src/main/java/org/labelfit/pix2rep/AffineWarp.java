package org.labelfit.pix2rep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's {@code grid_sample(x, affine_grid(θ, align_corners=True), mode='bilinear', padding_mode='zeros',
 * align_corners=True)} for a batch of 2×3 matrices θ (normalised [−1, 1] coordinates, output → input).
 * <p>
 * The warp is linear in x: every output pixel is a weighted sum of at most 4 input pixels of the same slice. The
 * taps (flat row indices and bilinear weights, zero for corners outside the image) are computed once here and
 * applied either to float images or, differentiably, to feature rows with DJL ops, so gradients flow back to the
 * features through index selection and multiplication. Only the output pixels asked for are computed: the loss
 * needs the warped features at the sampled pixels alone, which is the same value as warping the whole map first.
 */
final class AffineWarp {

	private final int batch, height, width;
	/** Per requested output pixel and corner (4 per pixel): the flat input row b·H·W + y·W + x, and its weight. */
	private final long[] rows;
	private final float[] weights;
	private final int count;

	/**
	 * Taps for output pixels {@code pixels} (flat indices b·H·W + i·W + j into a (B, H, W) grid) under {@code theta}
	 * (B × 6, row-major 2×3 per slice).
	 */
	AffineWarp(double[][] theta, int height, int width, int[] pixels) {
		this.batch = theta.length;
		this.height = height;
		this.width = width;
		this.count = pixels.length;
		rows = new long[4 * count];
		weights = new float[4 * count];
		int plane = height * width;
		for (int n = 0; n < count; n++) {
			int b = pixels[n] / plane, i = pixels[n] % plane / width, j = pixels[n] % width;
			double[] t = theta[b];
			// align_corners = true: −1 and +1 are the centres of the first and last pixels
			double x = width > 1 ? -1 + 2.0 * j / (width - 1) : 0, y = height > 1 ? -1 + 2.0 * i / (height - 1) : 0;
			double sx = (t[0] * x + t[1] * y + t[2] + 1) / 2 * (width - 1), sy = (t[3] * x + t[4] * y + t[5] + 1) / 2 * (height - 1);
			int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
			double fx = sx - x0, fy = sy - y0;
			for (int c = 0; c < 4; c++) {
				int xc = x0 + (c & 1), yc = y0 + (c >> 1);
				double w = ((c & 1) == 0 ? 1 - fx : fx) * ((c >> 1) == 0 ? 1 - fy : fy);
				boolean inside = xc >= 0 && xc < width && yc >= 0 && yc < height;
				// zero padding: an outside corner adds nothing; its row index only has to be valid
				rows[4 * n + c] = inside ? (long) b * plane + (long) yc * width + xc : (long) b * plane;
				weights[4 * n + c] = inside ? (float) w : 0f;
			}
		}
	}

	/** Taps for every output pixel of a (B, H, W) grid. */
	static AffineWarp full(double[][] theta, int height, int width) {
		int[] all = new int[theta.length * height * width];
		for (int i = 0; i < all.length; i++) all[i] = i;
		return new AffineWarp(theta, height, width, all);
	}

	/** Warps single-channel slices stored as (B, H, W) floats; the taps must be {@link #full}. */
	float[] apply(float[] images) {
		if (images.length != batch * height * width || count != images.length)
			throw new IllegalArgumentException("full taps for " + batch + "×" + height + "×" + width + " images expected");
		float[] out = new float[count];
		for (int n = 0; n < count; n++) {
			double v = 0;
			for (int c = 0; c < 4; c++) v += weights[4 * n + c] * images[(int) rows[4 * n + c]];
			out[n] = (float) v;
		}
		return out;
	}

	/**
	 * The warped map at the requested pixels, differentiably: {@code features} holds one row per input pixel
	 * (B·H·W, C), in (b, y, x) order; the result is (pixels, C).
	 */
	NDArray apply(NDArray features) {
		NDManager m = features.getManager();
		long c = features.getShape().get(1);
		NDArray gathered = features.get(m.create(rows)).reshape(count, 4, c);
		NDArray w = m.create(weights, new Shape(count, 4, 1)).toDevice(features.getDevice(), false);
		return gathered.mul(w).sum(new int[] { 1 });
	}
}
