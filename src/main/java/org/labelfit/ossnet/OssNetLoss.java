package org.labelfit.ossnet;

import ai.djl.ndarray.NDArray;

/**
 * The official training loss (spec §4, {@code loss.BinaryCrossEntropyLoss(bootstrap=False, label_smoothing=0)}):
 * −mean(y·log p̃ + (1 − y)·log(1 − p̃)) with p̃ = clamp(p, 1e-6, 1 − 1e-6), over the sampled points; for C/D plus
 * 0.1 × the same loss between the encoder's low-resolution segmentation and the padded label max-pooled to the
 * latent grid ({@code F.adaptive_max_pool3d}, exactly a max pool here: the grid is a multiple of the latent grid).
 */
final class OssNetLoss {

	static final double CLAMP = 1e-6, AUXILIARY_WEIGHT = 0.1;

	private OssNetLoss() {}

	/** The mean clamped binary cross-entropy of probabilities against 0/1 labels of the same shape. */
	static NDArray binaryCrossEntropy(NDArray probabilities, NDArray labels) {
		NDArray p = probabilities.clip(CLAMP, 1 - CLAMP);
		NDArray inside = labels.mul(p.log());
		NDArray outside = labels.neg().add(1).mul(p.neg().add(1).log());
		return inside.add(outside).mean().neg();
	}

	/** The auxiliary target of a padded label (grid, C order): 1 where any voxel of the latent cell is set, (latent grid) C order. */
	static float[] lowResTarget(boolean[] label, OssNetConfig config) {
		OssNetConfig.Grid g = config.grid(), l = config.latentGrid();
		int f = g.x() / l.x();
		float[] out = new float[(int) l.voxels()];
		for (int x = 0; x < g.x(); x++)
			for (int y = 0; y < g.y(); y++)
				for (int z = 0; z < g.z(); z++)
					if (label[(x * g.y() + y) * g.z() + z]) out[(x / f * l.y() + y / f) * l.z() + z / f] = 1;
		return out;
	}
}
