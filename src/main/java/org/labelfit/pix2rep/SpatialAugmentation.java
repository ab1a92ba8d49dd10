package org.labelfit.pix2rep;

import java.util.Random;

/**
 * The official spatial transform of view 2 ({@code utils.generate_affine_spatial_transform} with rotation, crop
 * and flip on, translation off): per slice M = R·C·F with rotation θ ~ U(−π/2, π/2); a zoom-in crop of scale
 * s ~ U(0.33, 0.95) translated by t ~ U(−(1 − s), 1 − s) per axis; and a flip drawn per batch. The first two rows
 * of M are the affine_grid θ (normalised coordinates, output → input).
 */
final class SpatialAugmentation {

	static final double MAX_ANGLE = Math.PI / 2, MIN_SCALE = 0.33, MAX_SCALE = 0.95;
	/** Shares of the batch given a y-flip and no flip, indices drawn with replacement (the rest keep the x-flip). */
	static final double Y_FLIP_SHARE = 0.5, NO_FLIP_SHARE = 0.3;

	private SpatialAugmentation() {}

	/** θ (2×3, row-major) for each of {@code batch} slices. */
	static double[][] sample(Random r, int batch) {
		double[][] flips = flips(r, batch);
		double[][] theta = new double[batch][];
		for (int b = 0; b < batch; b++) {
			double angle = (2 * r.nextDouble() - 1) * MAX_ANGLE;
			double s = MIN_SCALE + r.nextDouble() * (MAX_SCALE - MIN_SCALE);
			double tx = (2 * r.nextDouble() - 1) * (1 - s), ty = (2 * r.nextDouble() - 1) * (1 - s);
			theta[b] = compose(angle, s, tx, ty, flips[b][0], flips[b][1]);
		}
		return theta;
	}

	/**
	 * The per-slice flips (x, y factors): an x-flip for all, then int(0.5·B) indices drawn with replacement
	 * set to a y-flip, then int(0.3·B) to none; so the shares depend on B (for B = 8: 0.449, 0.317, 0.234).
	 */
	static double[][] flips(Random r, int batch) {
		double[][] f = new double[batch][];
		for (int b = 0; b < batch; b++) f[b] = new double[] { -1, 1 };
		for (int k = 0; k < (int) (Y_FLIP_SHARE * batch); k++) f[r.nextInt(batch)] = new double[] { 1, -1 };
		for (int k = 0; k < (int) (NO_FLIP_SHARE * batch); k++) f[r.nextInt(batch)] = new double[] { 1, 1 };
		return f;
	}

	/** The top two rows of R(angle)·C(s, tx, ty)·diag(fx, fy, 1). */
	static double[] compose(double angle, double s, double tx, double ty, double fx, double fy) {
		double cos = Math.cos(angle), sin = Math.sin(angle);
		// R·C = [[s·cos, −s·sin, cos·tx − sin·ty], [s·sin, s·cos, sin·tx + cos·ty]]; F scales the first two columns
		return new double[] { s * cos * fx, -s * sin * fy, cos * tx - sin * ty, s * sin * fx, s * cos * fy, sin * tx + cos * ty };
	}
}
