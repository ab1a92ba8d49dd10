package org.labelfit.ossnet;

import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

/**
 * The official state-dict layout of an {@link OssNetConfig} (spec §2.6): every tensor name and shape, in the order
 * the modules are registered (encoder, then decoder), BatchNorm statistics and counters included; and the reverse,
 * the configuration a state dict implies.
 */
public final class OssNetTensors {

	/** A PAU's coefficients: the numerator (6) and the "safe" denominator (4). */
	public static final String NUMERATOR = "weight_numerator", DENOMINATOR = "weight_denominator";

	private OssNetTensors() {}

	/** Every tensor: name → shape (num_batches_tracked is a scalar). */
	public static Map<String, long[]> shapes(OssNetConfig c) {
		Map<String, long[]> s = new LinkedHashMap<>();
		encoder(s, c);
		decoder(s, c);
		return s;
	}

	/** Parameters as PyTorch counts them (spec §2.5): BatchNorm statistics excluded, PAU coefficients included. */
	public static long parameterCount(OssNetConfig c) {
		return StateDicts.parameterCount(shapes(c));
	}

	/** Whether a tensor is a PAU coefficient (trained with its own learning rate, spec §4). */
	public static boolean isPade(String name) {
		return name.endsWith("." + NUMERATOR) || name.endsWith("." + DENOMINATOR);
	}

	private static void encoder(Map<String, long[]> s, OssNetConfig c) {
		int k3 = OssNetConfig.BLOCK_KERNEL, k5 = OssNetConfig.MAPPING_KERNEL;
		for (int i = 0; i < c.blocks(); i++) {
			String p = "encoder.blocks." + i;
			int in = c.blockInput(i), out = c.width(i);
			s.put(p + ".main_mapping.0.weight", kernel(out, in, k3));
			batchNorm(s, p + ".main_mapping.1", out);
			pade(s, p + ".main_mapping.2");
			// 3 and 4 are the average pool and the dropout
			s.put(p + ".main_mapping.5.weight", kernel(out, out, k3));
			batchNorm(s, p + ".main_mapping.6", out);
			if (in != out) s.put(p + ".residual_mapping.weight", kernel(out, in, 1));
			pade(s, p + ".final_activation");
		}
		if (c.variant().skipEncoder())
			for (int i = 0; i < c.blocks(); i++) {
				String p = "encoder.output_mappings." + i;
				int half = c.width(i) / 2;
				// 0 is the adaptive max pool to the latent grid
				s.put(p + ".1.weight", kernel(half, c.width(i), k5));
				batchNorm(s, p + ".2", half);
				pade(s, p + ".3");
			}
		int latent = c.variant().latentChannels(), in = c.variant().skipEncoder() ? c.sideChannels() : OssNetConfig.FINAL_WIDTH;
		s.put("encoder.final_mapping.0.weight", kernel(latent, in, k5));
		s.put("encoder.final_mapping.0.bias", new long[] { latent });
		batchNorm(s, "encoder.final_mapping.1", latent);
		pade(s, "encoder.final_mapping.2");
		if (c.variant().skipEncoder()) s.put("encoder.segmentation_mapping.0.weight", kernel(1, OssNetConfig.FINAL_WIDTH, k5));
	}

	private static void decoder(Map<String, long[]> s, OssNetConfig c) {
		int width = OssNetConfig.DECODER_WIDTH, latent = c.latentFeatures();
		for (int k = 0; k < OssNetConfig.DECODER_BLOCKS; k++) {
			String p = "decoder.blocks." + k;
			int in = k == 0 ? c.decoderInput() : width;
			linear(s, p + ".linear_layer_1", width, in, true);
			linear(s, p + ".linear_layer_2", width, width, true);
			pade(s, p + ".activation");
			pade(s, p + ".final_activation");
			if (in != width) linear(s, p + ".residual_mapping", width, in, true);
			for (String cbn : new String[] { p + ".cnb_1", p + ".cnb_2" }) {
				linear(s, cbn + ".linear_gamma", width, latent, true);
				linear(s, cbn + ".linear_beta", width, latent, true);
				s.put(cbn + ".normalization.running_mean", new long[] { 1 });
				s.put(cbn + ".normalization.running_var", new long[] { 1 });
				s.put(cbn + ".normalization.num_batches_tracked", new long[0]);
			}
		}
		if (c.variant().localPatches()) {
			String p = "decoder.patch_mapping.mapping";
			int hidden = c.patchHidden(), k7 = OssNetConfig.PATCH;
			s.put(p + ".0.weight", kernel(hidden, c.patchChannels(), k7));
			s.put(p + ".0.bias", new long[] { hidden });
			pade(s, p + ".1");
			// 2 is the dropout
			s.put(p + ".3.weight", kernel(1, hidden, k7));
			s.put(p + ".3.bias", new long[] { 1 });
			pade(s, p + ".4");
		}
		linear(s, "decoder.final_mapping.0", 1, width, false);
	}

	private static long[] kernel(int out, int in, int k) {
		return new long[] { out, in, k, k, k };
	}

	private static void linear(Map<String, long[]> s, String prefix, int out, int in, boolean bias) {
		s.put(prefix + ".weight", new long[] { out, in });
		if (bias) s.put(prefix + ".bias", new long[] { out });
	}

	private static void batchNorm(Map<String, long[]> s, String prefix, int channels) {
		for (String k : new String[] { "weight", "bias", "running_mean", "running_var" })
			s.put(prefix + "." + k, new long[] { channels });
		s.put(prefix + ".num_batches_tracked", new long[0]);
	}

	private static void pade(Map<String, long[]> s, String prefix) {
		s.put(prefix + "." + NUMERATOR, new long[] { Pade.NUMERATOR_TERMS });
		s.put(prefix + "." + DENOMINATOR, new long[] { Pade.DENOMINATOR_TERMS });
	}

	/**
	 * The configuration an official state dict implies: the variant from which parts exist (skip encoder, patch
	 * mapping and its channels), image channels and depth from the encoder blocks, the grid from {@code grid} or,
	 * when null, from the preset whose latent width the CBN layers have. Then every key and shape must match.
	 */
	public static OssNetConfig configOf(Map<String, Tensor> weights, OssNetConfig.Grid grid) {
		int channels = (int) dimension(weights, "encoder.blocks.0.main_mapping.0.weight", 1, OssNetConfig.MAX_CHANNELS);
		int blocks = 0;
		while (weights.containsKey("encoder.blocks." + blocks + ".main_mapping.0.weight")) blocks++;
		if (blocks > OssNetConfig.MAX_BLOCKS) throw new LabelFitException("OSS-Net weights have " + blocks + " encoder blocks, at most " +
			OssNetConfig.MAX_BLOCKS + " are supported");
		boolean skip = weights.containsKey("encoder.segmentation_mapping.0.weight") || weights.containsKey("encoder.output_mappings.0.1.weight");
		int kinds = 0;
		if (weights.containsKey("decoder.patch_mapping.mapping.0.weight")) {
			long patchChannels = dimension(weights, "decoder.patch_mapping.mapping.0.weight", 1, 2L * channels);
			if (patchChannels % channels != 0) throw new LabelFitException("OSS-Net patch mapping takes " + patchChannels +
				" channels; with " + channels + " image channels it must take " + channels + " (local) or " + 2 * channels + " (local + large)");
			kinds = (int) (patchChannels / channels);
		}
		OssNetVariant variant = OssNetVariant.of(skip, kinds);
		int latent = (int) dimension(weights, "decoder.blocks.0.cnb_1.linear_gamma.weight", 1, Integer.MAX_VALUE);
		if (grid == null) {
			OssNetPreset preset = OssNetPreset.matching(channels, blocks, latent);
			if (preset == null) throw new LabelFitException("OSS-Net weights with " + channels + " channels, " + blocks + " encoder blocks and " +
				"a latent of " + latent + " features match neither preset (brats, lits); give the grid they were trained on");
			grid = preset.config(variant).grid();
		}
		OssNetConfig config = new OssNetConfig(variant, channels, blocks, grid);
		if (config.latentFeatures() != latent)
			throw new LabelFitException("OSS-Net weights have a latent of " + latent + " features, but grid " + grid + " gives " +
				config.latentGrid() + " = " + config.latentFeatures() + " (grid / " + (2 << blocks) + ")");
		StateDicts.require("OSS-Net", weights, shapes(config));
		return config;
	}

	private static long dimension(Map<String, Tensor> weights, String name, int axis, long max) {
		return StateDicts.dimension("OSS-Net", weights, name, axis, max);
	}
}
