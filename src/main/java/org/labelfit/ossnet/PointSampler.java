package org.labelfit.ossnet;

import java.util.Random;

import org.labelfit.LabelFitException;

/**
 * The training points of one padded volume (spec §4, official training datasets): ⌊points·f⌋ drawn without
 * replacement from the border voxels, the remaining ⌈points·(1 − f)⌉ uniformly over the grid; with fewer border
 * voxels than that, all of them and the rest uniform. f = 0 (the BraTS scripts' {@code --uniform_sampling}) makes
 * every point uniform; the LiTS scripts use f = 0.5.
 * <p>
 * A uniform coordinate is ⌊u·(n − 1)⌋ per axis, u ∈ [0, 1), as the official {@code (torch.rand(·) * (shape − 1)).long()}:
 * the last index of each axis is never drawn uniformly (border points can lie there).
 */
public final class PointSampler {

	/** Official: 2¹⁴ points per volume. */
	public static final int DEFAULT_POINTS = 1 << 14;

	private PointSampler() {}

	/** The points as (x, y, z) triples, border points first; {@code border} is on {@code grid}, C order. */
	public static int[] sample(boolean[] border, OssNetConfig.Grid grid, int points, double borderFraction, Random rng) {
		if (points < 1) throw new LabelFitException("points per volume must be 1 or more, got " + points);
		if (!(borderFraction >= 0 && borderFraction <= 1)) throw new LabelFitException("border fraction must be in [0, 1], got " + borderFraction);
		if (border.length != grid.voxels()) throw new LabelFitException("border map has " + border.length + " voxels, not " + grid);
		int count = 0;
		for (boolean b : border) if (b) count++;
		int[] indices = new int[count];
		for (int i = 0, j = 0; i < border.length; i++) if (border[i]) indices[j++] = i;
		int wanted = (int) (points * borderFraction);
		int fromBorder = Math.min(wanted, count);
		// a random subset of the border voxels: a prefix of a partial Fisher–Yates shuffle
		for (int i = 0; i < fromBorder; i++) {
			int j = i + rng.nextInt(count - i), t = indices[i];
			indices[i] = indices[j];
			indices[j] = t;
		}
		int[] out = new int[3 * points];
		int yz = grid.y() * grid.z();
		for (int i = 0; i < fromBorder; i++) {
			out[3 * i] = indices[i] / yz;
			out[3 * i + 1] = indices[i] / grid.z() % grid.y();
			out[3 * i + 2] = indices[i] % grid.z();
		}
		int[] sides = grid.toArray();
		for (int i = fromBorder; i < points; i++)
			for (int a = 0; a < 3; a++) out[3 * i + a] = (int) (rng.nextFloat() * (sides[a] - 1));
		return out;
	}

	/** The mask's values at the points: 1 inside, 0 outside. */
	public static float[] labels(boolean[] mask, OssNetConfig.Grid grid, int[] points) {
		float[] out = new float[points.length / 3];
		for (int i = 0; i < out.length; i++)
			out[i] = mask[(points[3 * i] * grid.y() + points[3 * i + 1]) * grid.z() + points[3 * i + 2]] ? 1 : 0;
		return out;
	}
}
