package org.labelfit.pix2rep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The pretraining objectives on N corresponding pixel pairs (z1_i, z2_i), each (N, D), and the downstream soft Dice loss. */
final class Pix2RepLoss {

	/** PyTorch's {@code F.normalize} floor on the norm: a zero vector (a pixel warped in from outside) stays zero. */
	static final float NORM_EPSILON = 1e-12f;
	/** Barlow Twins' BatchNorm1d(affine=False) ε on the per-dimension variance. */
	static final float STANDARDISE_EPSILON = 1e-5f;

	private Pix2RepLoss() {}

	/**
	 * Each row divided by its L2 norm (at least {@value #NORM_EPSILON}). The floor goes under the square root,
	 * max(√s, ε) = √max(s, ε²), so a zero row has a finite gradient (√ at 0 would give 0·∞ = NaN).
	 */
	static NDArray normalise(NDArray rows) {
		return rows.div(rows.square().sum(new int[] { 1 }, true).maximum(NORM_EPSILON * NORM_EPSILON).sqrt());
	}

	/**
	 * NT-Xent (the official {@code info_nce_loss}): over Z = [z1; z2] (2N vectors), S = Z·Zᵀ/τ without its diagonal,
	 * and each row's cross-entropy against its partner (i ↔ N + i), averaged over the 2N rows. The inputs are
	 * L2-normalised, so |S| ≤ 1/τ and the exponentials cannot overflow without shifting by a maximum.
	 */
	static NDArray ntXent(NDArray z1, NDArray z2, double temperature) {
		long n = z1.getShape().get(0);
		NDArray z = z1.concat(z2, 0);
		NDArray s = z.matMul(z.transpose()).div((float) temperature);
		NDArray offDiagonal = z.getManager().eye((int) (2 * n)).neg().add(1f).toDevice(z.getDevice(), false);
		NDArray logDenominator = s.exp().mul(offDiagonal).sum(new int[] { 1 }).log();
		NDArray positive = z1.mul(z2).sum(new int[] { 1 }).div((float) temperature);
		// both directions share the positive logit s(z1_i, z2_i) = s(z2_i, z1_i)
		return logDenominator.sum().sub(positive.sum().mul(2f)).div(2f * n);
	}

	/**
	 * Barlow Twins on the pixel pairs: each embedding dimension standardised over the N pixels (biased variance,
	 * as BatchNorm1d without affine), C = z̃1ᵀ·z̃2 / N, loss = Σ_i (1 − C_ii)² + λ Σ_{i≠j} C_ij².
	 */
	static NDArray barlowTwins(NDArray z1, NDArray z2, double lambda) {
		long n = z1.getShape().get(0), d = z1.getShape().get(1);
		NDArray c = standardise(z1).transpose().matMul(standardise(z2)).div((float) n);
		NDArray eye = c.getManager().eye((int) d).toDevice(c.getDevice(), false);
		NDArray diagonal = c.mul(eye).sum(new int[] { 1 });
		NDArray onDiagonal = diagonal.neg().add(1f).square().sum();
		NDArray offDiagonal = c.square().sum().sub(diagonal.square().sum());
		return onDiagonal.add(offDiagonal.mul((float) lambda));
	}

	private static NDArray standardise(NDArray z) {
		NDArray centred = z.sub(z.mean(new int[] { 0 }, true));
		return centred.div(centred.square().mean(new int[] { 0 }, true).add(STANDARDISE_EPSILON).sqrt());
	}

	/** MONAI DiceLoss's default smoothing, added to numerator and denominator. */
	static final float DICE_SMOOTH = 1e-5f;

	/**
	 * The soft Dice loss of MONAI {@code DiceLoss(softmax=True, include_background=True)} (mean reduction, per
	 * sample and class, smooth 1e-5 on both sides): 1 − (2Σpg + s)/(Σp + Σg + s), averaged over samples and
	 * classes, with p = softmax(logits) and g the one-hot labels, both multiplied by {@code mask} so that
	 * unlabelled pixels (mask 0) change neither value nor gradient.
	 *
	 * @param logits (B, C, H, W); oneHot (B, C, H, W); mask (B, 1, H, W) of 0/1
	 */
	static NDArray softDice(NDArray logits, NDArray oneHot, NDArray mask) {
		NDArray p = logits.softmax(1).mul(mask), g = oneHot.mul(mask);
		int[] space = { 2, 3 };
		NDArray intersection = p.mul(g).sum(space), denominator = p.sum(space).add(g.sum(space));
		return intersection.mul(2f).add(DICE_SMOOTH).div(denominator.add(DICE_SMOOTH)).neg().add(1f).mean();
	}

	/** The rows of a (B, C, H, W) map, one per pixel in (b, y, x) order: (B·H·W, C). */
	static NDArray pixelRows(NDArray map) {
		Shape s = map.getShape();
		return map.transpose(0, 2, 3, 1).reshape(s.get(0) * s.get(2) * s.get(3), s.get(1));
	}
}
