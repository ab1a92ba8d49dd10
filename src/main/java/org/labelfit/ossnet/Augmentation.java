package org.labelfit.ossnet;

import java.util.Random;

/**
 * The official training augmentations (spec §4, {@code data/augmentation.py}), each applied with probability 0.5 in
 * this order, to the z-scored volume before padding: (a) a flip along a random non-empty subset of the first two
 * spatial axes (one axis or both, each with probability 1/2; which one axis uniformly), of the images, the label and
 * the border map alike; (b) brightness: channel c + max(c)·u_c, u_c ~ U(−0.15, 0.15) drawn per channel; (c) additive
 * Gaussian noise of σ 0.15 on the images.
 */
public final class Augmentation {

	public static final double PROBABILITY = 0.5, BRIGHTNESS = 0.15, NOISE = 0.15;

	/** One draw: which axes to flip (none, 0, 1 or both), the brightness factors (null: none) and the noise seed (none when {@code noise} is false). */
	public record Draw(boolean flipAxis0, boolean flipAxis1, double[] brightness, boolean noise, long noiseSeed) {}

	private Augmentation() {}

	public static Draw sample(Random rng, int channels) {
		boolean axis0 = false, axis1 = false;
		if (rng.nextDouble() < PROBABILITY) {
			if (rng.nextBoolean()) axis0 = axis1 = true;
			else if (rng.nextBoolean()) axis0 = true;
			else axis1 = true;
		}
		double[] brightness = null;
		if (rng.nextDouble() < PROBABILITY) {
			brightness = new double[channels];
			for (int c = 0; c < channels; c++) brightness[c] = (2 * rng.nextDouble() - 1) * BRIGHTNESS;
		}
		boolean noise = rng.nextDouble() < PROBABILITY;
		return new Draw(axis0, axis1, brightness, noise, noise ? rng.nextLong() : 0);
	}

	/** The augmented copy of the channels (each of {@code dims}, C order). */
	public static float[][] images(Draw d, float[][] channels, int[] dims) {
		int[] from = source(d, dims);
		float[][] out = new float[channels.length][];
		Random noise = new Random(d.noiseSeed());
		for (int c = 0; c < channels.length; c++) {
			float[] v = new float[channels[c].length];
			for (int i = 0; i < v.length; i++) v[i] = channels[c][from == null ? i : from[i]];
			if (d.brightness() != null) {
				float max = Float.NEGATIVE_INFINITY;
				for (float x : v) max = Math.max(max, x);
				float shift = (float) (max * d.brightness()[c]);
				for (int i = 0; i < v.length; i++) v[i] += shift;
			}
			if (d.noise()) for (int i = 0; i < v.length; i++) v[i] += (float) (noise.nextGaussian() * NOISE);
			out[c] = v;
		}
		return out;
	}

	/** The flipped copy of a mask (label or border map); brightness and noise leave masks alone. */
	public static boolean[] mask(Draw d, boolean[] mask, int[] dims) {
		int[] from = source(d, dims);
		if (from == null) return mask.clone();
		boolean[] out = new boolean[mask.length];
		for (int i = 0; i < out.length; i++) out[i] = mask[from[i]];
		return out;
	}

	/** For each voxel of the flipped volume the voxel it comes from; null without a flip. */
	private static int[] source(Draw d, int[] dims) {
		if (!d.flipAxis0() && !d.flipAxis1()) return null;
		int[] from = new int[dims[0] * dims[1] * dims[2]];
		for (int x = 0; x < dims[0]; x++)
			for (int y = 0; y < dims[1]; y++) {
				int fx = d.flipAxis0() ? dims[0] - 1 - x : x, fy = d.flipAxis1() ? dims[1] - 1 - y : y;
				for (int z = 0; z < dims[2]; z++) from[(x * dims[1] + y) * dims[2] + z] = (fx * dims[1] + fy) * dims[2] + z;
			}
		return from;
	}
}
