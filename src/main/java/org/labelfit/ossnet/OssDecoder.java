package org.labelfit.ossnet;

import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The residual CBN decoder of spec §2.4 over the named parameters. Per point the input is [raw coordinate (3),
 * patch feature (343, A–D), latent channel 0], then 5 blocks h = Linear1(x) → CBN1(·, z_k) → PAU → [dropout 0] →
 * Linear2 → CBN2(·, z_k), out = PAU(h + R(x)) with R a Linear when the widths differ, then Linear(512 → 1, no
 * bias) → sigmoid. z_k is latent channel 0 with one latent channel, channel k + 1 with six.
 * <p>
 * CBN: γ = Linear(z), β = Linear(z) per sample, applied to BatchNorm1d(1 feature, no affine) of the points viewed
 * as (B·N, 1, 512): one scalar mean and one scalar variance over all points and all features (running scalars at
 * inference), as the official layer computes them.
 */
final class OssDecoder implements AutoCloseable {

	private final OssNetConfig config;
	private final PatchMapping patches;
	/** The unit affine of the CBN's BatchNorm, which has none. */
	private final NDArray one, zero;

	OssDecoder(OssNetConfig config, NDManager manager) {
		this.config = config;
		patches = config.variant().localPatches() ? new PatchMapping(config, manager) : null;
		one = manager.ones(new Shape(1), DataType.FLOAT32);
		zero = manager.zeros(new Shape(1), DataType.FLOAT32);
	}

	/**
	 * Occupancy probabilities (B, N) at {@code coordinates} (B, N, 3), raw voxel indices of the full-resolution
	 * grid, given the latent (B, 1 or 6, L) and, for A–D, the points' patches (B, N, Cp, 7, 7, 7).
	 */
	NDArray decode(NDArray latent, NDArray coordinates, NDArray pointPatches, Map<String, NDArray> p, boolean training) {
		long b = coordinates.getShape().get(0), n = coordinates.getShape().get(1);
		NDList parts = new NDList(coordinates);
		NDArray features = null;
		if (patches != null) {
			Shape s = pointPatches.getShape();
			try (NDArray flat = pointPatches.reshape(b * n, s.get(2), s.get(3), s.get(4), s.get(5))) {
				features = patches.apply(flat, p).reshape(b, n, OssNetConfig.PATCH_FEATURES);
			}
			parts.add(features);
		}
		NDArray z0 = latent.get(":, 0, :");
		NDArray local = parts.size() == 1 ? coordinates.reshape(b * n, OssNetConfig.COORDINATES) : NDArrays.concat(parts, 2).reshape(b * n, -1);
		if (features != null) features.close();
		NDArray x = null;
		for (int k = 0; k < OssNetConfig.DECODER_BLOCKS; k++) {
			NDArray z = latent.getShape().get(1) == 1 ? z0 : latent.get(":, {}, :", k + 1);
			NDArray next = k == 0 ? firstBlock(local, z0, z, b, p, training) : block(x, z, b, p, "decoder.blocks." + k, training);
			if (z != z0) z.close();
			if (x != null) x.close();
			x = next;
		}
		local.close();
		z0.close();
		NDArray logits = Layers.linear(x, p, "decoder.final_mapping.0");
		x.close();
		NDArray out = Activation.sigmoid(logits).reshape(b, n);
		logits.close();
		return out;
	}

	/**
	 * Block 0, whose input [coordinate, patch feature, latent channel 0] repeats the latent for every point: its two
	 * input Linears are split by columns, W·[l, z₀] + b = W_l·l + (W_z·z₀ + b), the latent term computed once per
	 * sample and broadcast, so the (B·N, L) copy of the latent and its products are never formed (L is 2,048 at
	 * 512×512×256). Equal to the concatenated form up to float rounding; a block without a residual Linear (input
	 * width exactly 512) takes the concatenation.
	 */
	private NDArray firstBlock(NDArray local, NDArray z0, NDArray z, long b, Map<String, NDArray> p, boolean training) {
		String prefix = "decoder.blocks.0";
		if (!p.containsKey(prefix + ".residual_mapping.weight")) {
			long points = local.getShape().get(0);
			try (NDArray zPoints = z0.expandDims(1).broadcast(b, points / b, config.latentFeatures());
				NDArray grouped = local.reshape(b, points / b, -1);
				NDArray x = NDArrays.concat(new NDList(grouped, zPoints), 2).reshape(points, config.decoderInput()))
			{
				return block(x, z, b, p, prefix, training);
			}
		}
		NDArray h = splitLinear(local, z0, b, p, prefix + ".linear_layer_1");
		return block(h, () -> splitLinear(local, z0, b, p, prefix + ".residual_mapping"), true, z, b, p, prefix, training);
	}

	/** The Linear {@code prefix} of [local, z₀] with z₀ (B, L) shared by each sample's points in {@code local} (B·N, d). */
	private static NDArray splitLinear(NDArray local, NDArray z0, long b, Map<String, NDArray> p, String prefix) {
		NDArray w = Layers.param(p, prefix + ".weight");
		long d = local.getShape().get(1), points = local.getShape().get(0);
		try (NDArray wLocal = w.get(":, :{}", d); NDArray wLatent = w.get(":, {}:", d);
			NDArray perPoint = Linear.linear(local, wLocal, null).singletonOrThrow();
			NDArray perSample = Linear.linear(z0, wLatent, p.get(prefix + ".bias")).singletonOrThrow();
			NDArray grouped = perPoint.reshape(b, points / b, -1); NDArray sum = grouped.add(perSample.expandDims(1)))
		{
			return sum.reshape(points, -1);
		}
	}

	private NDArray block(NDArray x, NDArray z, long b, Map<String, NDArray> p, String prefix, boolean training) {
		String residual = prefix + ".residual_mapping";
		boolean mapped = p.containsKey(residual + ".weight");
		return block(Layers.linear(x, p, prefix + ".linear_layer_1"), () -> mapped ? Layers.linear(x, p, residual) : x, mapped, z, b, p, prefix,
			training);
	}

	/**
	 * The block's body after its first Linear {@code h}; {@code residual} gives R(x) when it is needed (x itself when
	 * the widths agree; {@code residualIsNew}: a tensor of its own, closed after use).
	 */
	private NDArray block(NDArray h, Supplier<NDArray> residual, boolean residualIsNew, NDArray z, long b, Map<String, NDArray> p, String prefix,
		boolean training)
	{
		h = Layers.then(h, conditionalNorm(h, z, b, p, prefix + ".cnb_1", training));
		h = Layers.then(h, Layers.pade(h, p, prefix + ".activation"));
		h = Layers.then(h, Layers.linear(h, p, prefix + ".linear_layer_2"));
		h = Layers.then(h, conditionalNorm(h, z, b, p, prefix + ".cnb_2", training));
		NDArray r = residual.get();
		NDArray sum = h.add(r);
		h.close();
		if (residualIsNew) r.close();
		NDArray out = Layers.pade(sum, p, prefix + ".final_activation");
		sum.close();
		return out;
	}

	/** CBN of h (B·N, F) conditioned on z (B, L): γ(z)·x̂ + β(z), x̂ normalised by scalar statistics. */
	NDArray conditionalNorm(NDArray h, NDArray z, long b, Map<String, NDArray> p, String prefix, boolean training) {
		long points = h.getShape().get(0), width = h.getShape().get(1);
		String norm = prefix + ".normalization";
		NDArray normalised;
		try (NDArray column = h.reshape(points, 1, width)) {
			normalised = BatchNorm.batchNorm(column, Layers.param(p, norm + ".running_mean"), Layers.param(p, norm + ".running_var"), one, zero, 1,
				Layers.MOMENTUM, Layers.EPSILON, training).singletonOrThrow();
		}
		if (training) Layers.countBatch(p, norm);
		try (NDArray gamma = Layers.linear(z, p, prefix + ".linear_gamma"); NDArray beta = Layers.linear(z, p, prefix + ".linear_beta");
			NDArray perSample = normalised.reshape(b, points / b, width); NDArray scaled = perSample.mul(gamma.expandDims(1)))
		{
			normalised.close();
			try (NDArray shifted = scaled.add(beta.expandDims(1))) {
				return shifted.reshape(points, width);
			}
		}
	}

	@Override
	public void close() {
		if (patches != null) patches.close();
		one.close();
		zero.close();
	}
}
