package org.labelfit.ossnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;

/**
 * The encoders of spec §2.1–2.2 over the named parameters. {@code ConvolutionalEncoder} (O-Net, A, B): residual
 * blocks, then Conv3d(128 → 1, 5³, bias) → BN → PAU, flattened to one latent channel. {@code ConvolutionalEncoderSkip}
 * (C, D): after each block a side output (adaptive max pool to the latent grid, Conv3d(Ci → Ci/2, 5³) → BN → PAU), all
 * concatenated, then Conv3d(→ 6, 5³, bias) → BN → PAU, flattened to 6 latent channels; and the low-resolution
 * segmentation Conv3d(128 → 1, 5³) → sigmoid of the last block's output.
 * <p>
 * The grid's sides are multiples of the total stride ({@link OssNetConfig}), so block i's output is exactly
 * 2^(blocks − 1 − i) times the latent grid and the adaptive max pool is a max pool with that kernel and stride.
 */
final class OssEncoder {

	private static final Shape TWO = new Shape(2, 2, 2), NONE = new Shape(0, 0, 0);

	private OssEncoder() {}

	/** Encodes x (B, C, encoder grid). */
	static OssNetwork.Encoded encode(OssNetConfig c, NDArray x, Map<String, NDArray> p, boolean training) {
		List<NDArray> sides = new ArrayList<>();
		NDArray h = x;
		for (int i = 0; i < c.blocks(); i++) {
			NDArray next = block(h, p, "encoder.blocks." + i, training);
			if (h != x) h.close();
			h = next;
			if (c.variant().skipEncoder()) sides.add(side(h, p, "encoder.output_mappings." + i, 1 << (c.blocks() - 1 - i), training));
		}
		NDArray lowRes = null, features = h;
		if (c.variant().skipEncoder()) {
			try (NDArray logits = Layers.conv(h, p, "encoder.segmentation_mapping.0")) {
				lowRes = Activation.sigmoid(logits);
			}
			features = NDArrays.concat(new NDList(sides), 1);
			for (NDArray s : sides) s.close();
			h.close();
		}
		NDArray f = Layers.conv(features, p, "encoder.final_mapping.0");
		features.close();
		f = Layers.then(f, Layers.batchNorm(f, p, "encoder.final_mapping.1", training));
		f = Layers.then(f, Layers.pade(f, p, "encoder.final_mapping.2"));
		NDArray latent = f.reshape(f.getShape().get(0), f.getShape().get(1), -1);
		f.close();
		return new OssNetwork.Encoded(latent, lowRes);
	}

	/** Residual3dBlock: PAU(main + AvgPool(residual)), main = conv3 → BN → PAU → AvgPool(2) → [dropout 0] → conv3 → BN. */
	static NDArray block(NDArray x, Map<String, NDArray> p, String prefix, boolean training) {
		String m = prefix + ".main_mapping.";
		NDArray h = Layers.conv(x, p, m + "0");
		h = Layers.then(h, Layers.batchNorm(h, p, m + "1", training));
		h = Layers.then(h, Layers.pade(h, p, m + "2"));
		h = Layers.then(h, averagePool(h));
		h = Layers.then(h, Layers.conv(h, p, m + "5"));
		h = Layers.then(h, Layers.batchNorm(h, p, m + "6", training));
		NDArray r = p.containsKey(prefix + ".residual_mapping.weight") ? Layers.conv(x, p, prefix + ".residual_mapping") : x;
		NDArray pooled = averagePool(r);
		if (r != x) r.close();
		NDArray sum = h.add(pooled);
		h.close();
		pooled.close();
		NDArray out = Layers.pade(sum, p, prefix + ".final_activation");
		sum.close();
		return out;
	}

	/** A side output: max pool by {@code factor} to the latent grid, conv5 → BN → PAU. */
	private static NDArray side(NDArray x, Map<String, NDArray> p, String prefix, int factor, boolean training) {
		Shape k = new Shape(factor, factor, factor);
		NDArray h = factor == 1 ? x : Pool.maxPool3d(x, k, k, NONE, false);
		NDArray out = Layers.conv(h, p, prefix + ".1");
		if (h != x) h.close();
		out = Layers.then(out, Layers.batchNorm(out, p, prefix + ".2", training));
		return Layers.then(out, Layers.pade(out, p, prefix + ".3"));
	}

	/** AvgPool3d(2, 2), which is also trilinear ×0.5 with align_corners = false (each output samples the middle of 2³ voxels). */
	static NDArray averagePool(NDArray x) {
		return Pool.avgPool3d(x, TWO, TWO, NONE, false, true);
	}
}
