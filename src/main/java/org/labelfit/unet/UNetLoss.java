package org.labelfit.unet;

import ai.djl.ndarray.NDArray;

/**
 * The training loss: mean pixel cross-entropy + (1 − soft Dice). Soft Dice is computed from the
 * softmax probabilities over the whole batch ("batch Dice", as nnU-Net), per foreground class
 * (background excluded unless it is the only class) with smoothing 1, then averaged over classes.
 * Cross-entropy gives well-scaled gradients from the first step; Dice keeps small structures from
 * being drowned by the background.
 */
final class UNetLoss {

	static final float SMOOTH = 1;

	private UNetLoss() {}

	/** @param logits (N, C, H, W) or (N, C, D, H, W); @param oneHot the labels one-hot, same shape; returns a scalar */
	static NDArray of(NDArray logits, NDArray oneHot) {
		NDArray logp = logits.logSoftmax(1);
		NDArray crossEntropy = logp.mul(oneHot).sum(new int[] { 1 }).mean().neg();
		NDArray p = logp.exp(), y = oneHot;
		if (logits.getShape().get(1) > 1) {
			p = p.get(":, 1:");
			y = y.get(":, 1:");
		}
		// every axis but the class axis: batch and spatial
		int[] axes = new int[logits.getShape().dimension() - 1];
		for (int a = 1; a < axes.length; a++) axes[a] = a + 1;
		NDArray overlap = p.mul(y).sum(axes).mul(2).add(SMOOTH);
		NDArray dice = overlap.div(p.sum(axes).add(y.sum(axes)).add(SMOOTH)).mean();
		return crossEntropy.add(dice.neg().add(1));
	}
}
