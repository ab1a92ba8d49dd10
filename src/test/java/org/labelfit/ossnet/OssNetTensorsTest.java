package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

/** Parameter counts and state-dict keys against spec §2.5–2.6, computed from the shapes alone (nothing is allocated). */
class OssNetTensorsTest {

	private static final OssNetVariant[] ORDER = { OssNetVariant.ONET, OssNetVariant.A, OssNetVariant.B, OssNetVariant.C, OssNetVariant.D };

	@Test
	void parameterCountsOfAllTenPresetVariantPairsAreThePublishedOnes() {
		long[] brats = { 6_890_753, 7_245_438, 7_254_358, 8_695_733, 8_704_653 };
		long[] lits = { 9_057_237, 9_409_177, 9_409_520, 10_866_490, 10_866_833 };
		for (int i = 0; i < ORDER.length; i++) {
			assertEquals(brats[i], OssNetTensors.parameterCount(OssNetPreset.BRATS.config(ORDER[i])), "BraTS " + ORDER[i]);
			assertEquals(lits[i], OssNetTensors.parameterCount(OssNetPreset.LITS.config(ORDER[i])), "LiTS " + ORDER[i]);
		}
	}

	@Test
	void encoderAndDecoderSplitAsInTheSpec() {
		long[][] split = { { 907_421, 5_983_332 }, { 907_421, 6_338_017 }, { 907_421, 6_346_937 }, { 2_357_716, 6_338_017 }, { 2_357_716, 6_346_937 } };
		for (int i = 0; i < ORDER.length; i++) {
			Map<String, long[]> s = OssNetTensors.shapes(OssNetPreset.BRATS.config(ORDER[i]));
			assertEquals(split[i][0], StateDicts.parameterCount(part(s, "encoder.")), "encoder of " + ORDER[i]);
			assertEquals(split[i][1], StateDicts.parameterCount(part(s, "decoder.")), "decoder of " + ORDER[i]);
		}
	}

	@Test
	void everyPauHasItsOwnTenCoefficients() {
		// spec §2.5: 25 PAU instances in BraTS C/D, 28 in LiTS C/D
		assertEquals(25, paus(OssNetPreset.BRATS.config(OssNetVariant.C)));
		assertEquals(25, paus(OssNetPreset.BRATS.config(OssNetVariant.D)));
		assertEquals(28, paus(OssNetPreset.LITS.config(OssNetVariant.D)));
		assertEquals(19, paus(OssNetPreset.BRATS.config(OssNetVariant.ONET)));
	}

	private static int paus(OssNetConfig c) {
		Map<String, long[]> s = OssNetTensors.shapes(c);
		int n = 0;
		for (Map.Entry<String, long[]> e : s.entrySet())
			if (e.getKey().endsWith(".weight_numerator")) {
				assertArrayEquals(new long[] { 6 }, e.getValue());
				assertArrayEquals(new long[] { 4 }, s.get(e.getKey().replace("numerator", "denominator")));
				n++;
			}
		return n;
	}

	@Test
	void keysOfOssNetDBratsAreThoseOfSpecSection26() {
		Map<String, long[]> s = OssNetTensors.shapes(OssNetPreset.BRATS.config(OssNetVariant.D));
		expect(s, "encoder.blocks.0.main_mapping.0.weight", 16, 4, 3, 3, 3);
		expect(s, "encoder.blocks.3.main_mapping.5.weight", 128, 128, 3, 3, 3);
		expect(s, "encoder.blocks.2.main_mapping.1.running_var", 64);
		expect(s, "encoder.blocks.2.main_mapping.6.num_batches_tracked");
		expect(s, "encoder.blocks.1.main_mapping.2.weight_numerator", 6);
		expect(s, "encoder.blocks.1.residual_mapping.weight", 32, 16, 1, 1, 1);
		expect(s, "encoder.blocks.3.final_activation.weight_denominator", 4);
		expect(s, "encoder.output_mappings.0.1.weight", 8, 16, 5, 5, 5);
		expect(s, "encoder.output_mappings.3.2.running_mean", 64);
		expect(s, "encoder.output_mappings.2.3.weight_numerator", 6);
		expect(s, "encoder.final_mapping.0.weight", 6, 120, 5, 5, 5);
		expect(s, "encoder.final_mapping.0.bias", 6);
		expect(s, "encoder.final_mapping.1.weight", 6);
		expect(s, "encoder.final_mapping.2.weight_numerator", 6);
		expect(s, "encoder.segmentation_mapping.0.weight", 1, 128, 5, 5, 5);
		expect(s, "decoder.blocks.0.linear_layer_1.weight", 512, 666);
		expect(s, "decoder.blocks.3.linear_layer_1.weight", 512, 512);
		expect(s, "decoder.blocks.4.linear_layer_2.bias", 512);
		expect(s, "decoder.blocks.0.residual_mapping.weight", 512, 666);
		expect(s, "decoder.blocks.2.activation.weight_numerator", 6);
		expect(s, "decoder.blocks.2.final_activation.weight_denominator", 4);
		expect(s, "decoder.blocks.1.cnb_2.linear_gamma.weight", 512, 320);
		expect(s, "decoder.blocks.1.cnb_1.linear_beta.bias", 512);
		expect(s, "decoder.blocks.4.cnb_1.normalization.running_mean", 1);
		expect(s, "decoder.blocks.4.cnb_2.normalization.running_var", 1);
		expect(s, "decoder.blocks.0.cnb_1.normalization.num_batches_tracked");
		expect(s, "decoder.patch_mapping.mapping.0.weight", 4, 8, 7, 7, 7);
		expect(s, "decoder.patch_mapping.mapping.0.bias", 4);
		expect(s, "decoder.patch_mapping.mapping.1.weight_numerator", 6);
		expect(s, "decoder.patch_mapping.mapping.3.weight", 1, 4, 7, 7, 7);
		expect(s, "decoder.patch_mapping.mapping.3.bias", 1);
		expect(s, "decoder.patch_mapping.mapping.4.weight_denominator", 4);
		expect(s, "decoder.final_mapping.0.weight", 1, 512);
		assertFalse(s.containsKey("decoder.final_mapping.0.bias"), "no bias in the final layer");
		assertFalse(s.containsKey("decoder.blocks.1.residual_mapping.weight"), "identity residual from block 1 on");
		// 4 blocks × 17 + 4 side outputs × 8 + final 9 + segmentation 1; 5 decoder blocks × 22 (2 linears, 2 PAUs, 2 CBNs
		// of 7) and block 0's residual 2; patch map 8; final 1
		assertEquals(4 * 17 + 4 * 8 + 9 + 1 + 5 * 22 + 2 + 8 + 1, s.size());
	}

	@Test
	void plainEncoderVariantsHaveOneLatentChannelAndNoSegmentation() {
		Map<String, long[]> a = OssNetTensors.shapes(OssNetPreset.BRATS.config(OssNetVariant.A));
		expect(a, "encoder.final_mapping.0.weight", 1, 128, 5, 5, 5);
		expect(a, "decoder.patch_mapping.mapping.0.weight", 2, 4, 7, 7, 7);
		assertFalse(a.containsKey("encoder.segmentation_mapping.0.weight"));
		assertFalse(a.keySet().stream().anyMatch(k -> k.startsWith("encoder.output_mappings")));
		Map<String, long[]> onet = OssNetTensors.shapes(OssNetPreset.BRATS.config(OssNetVariant.ONET));
		expect(onet, "decoder.blocks.0.linear_layer_1.weight", 512, 323);
		assertFalse(onet.keySet().stream().anyMatch(k -> k.startsWith("decoder.patch_mapping")));
		Map<String, long[]> lits = OssNetTensors.shapes(OssNetPreset.LITS.config(OssNetVariant.B));
		expect(lits, "encoder.blocks.4.main_mapping.0.weight", 128, 64, 3, 3, 3);
		expect(lits, "encoder.blocks.0.main_mapping.0.weight", 8, 1, 3, 3, 3);
		expect(lits, "decoder.patch_mapping.mapping.0.weight", 1, 2, 7, 7, 7);
		expect(lits, "decoder.patch_mapping.mapping.3.weight", 1, 1, 7, 7, 7);
		expect(lits, "decoder.blocks.0.linear_layer_1.weight", 512, 858);
		expect(OssNetTensors.shapes(OssNetPreset.LITS.config(OssNetVariant.ONET)), "decoder.blocks.0.linear_layer_1.weight", 512, 515);
		expect(OssNetTensors.shapes(OssNetPreset.LITS.config(OssNetVariant.C)), "encoder.final_mapping.0.weight", 6, 124, 5, 5, 5);
	}

	@Test
	void presetGridsGiveThePublishedLatents() {
		OssNetConfig brats = OssNetPreset.BRATS.config(OssNetVariant.C), lits = OssNetPreset.LITS.config(OssNetVariant.C);
		assertEquals(new OssNetConfig.Grid(128, 128, 80), brats.encoderGrid());
		assertEquals(new OssNetConfig.Grid(8, 8, 5), brats.latentGrid());
		assertEquals(320, brats.latentFeatures());
		assertEquals(666, brats.decoderInput());
		assertEquals(new OssNetConfig.Grid(256, 256, 256), lits.encoderGrid());
		assertEquals(512, lits.latentFeatures());
		assertEquals(858, lits.decoderInput());
	}

	@Test
	void gridsThatDoNotDivideAreRefused() {
		LabelFitException e = assertThrows(LabelFitException.class, () -> new OssNetConfig(OssNetVariant.A, 4, 4, new OssNetConfig.Grid(256, 256, 150)));
		assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
		assertThrows(LabelFitException.class, () -> new OssNetConfig(OssNetVariant.A, 1, 5, new OssNetConfig.Grid(32, 64, 64)));
		assertThrows(LabelFitException.class, () -> new OssNetConfig(OssNetVariant.A, 0, 4, new OssNetConfig.Grid(64, 64, 64)));
		assertThrows(LabelFitException.class, () -> OssNetConfig.Grid.parse("64,64"));
		assertEquals(new OssNetConfig.Grid(64, 32, 16), OssNetConfig.Grid.parse(" 64, 32 ,16"));
		assertEquals(OssNetVariant.C, OssNetVariant.of("full"));
		assertEquals(OssNetVariant.ONET, OssNetVariant.of("vanilla_o_net_wide"));
		assertEquals(OssNetVariant.D, OssNetVariant.of("d"));
		assertThrows(LabelFitException.class, () -> OssNetVariant.of("E2"));
	}

	@Test
	void theConfigFollowsFromTheKeys() {
		OssNetConfig.Grid small = new OssNetConfig.Grid(64, 64, 32);
		for (OssNetVariant v : ORDER) {
			OssNetConfig c = new OssNetConfig(v, 2, 4, small);
			assertEquals(c, OssNetTensors.configOf(zeros(OssNetTensors.shapes(c)), small), v.toString());
			// without a grid, 2 channels and a latent of 4 match no preset
			LabelFitException e = assertThrows(LabelFitException.class, () -> OssNetTensors.configOf(zeros(OssNetTensors.shapes(c)), null));
			assertTrue(e.getMessage().contains("match neither preset"), e.getMessage());
		}
		// another grid with the same latent width is accepted (the grid is the user's word); one with another width is not
		OssNetConfig c = new OssNetConfig(OssNetVariant.B, 2, 4, small);
		assertEquals(c.withGrid(new OssNetConfig.Grid(32, 64, 64)), OssNetTensors.configOf(zeros(OssNetTensors.shapes(c)), new OssNetConfig.Grid(32, 64, 64)));
		LabelFitException e = assertThrows(LabelFitException.class, () -> OssNetTensors.configOf(zeros(OssNetTensors.shapes(c)),
			new OssNetConfig.Grid(64, 64, 64)));
		assertTrue(e.getMessage().contains("latent of 4 features, but grid 64×64×64 gives 2×2×2 = 8"), e.getMessage());
		assertNull(OssNetPreset.matching(2, 4, 4));
		assertEquals(OssNetPreset.BRATS, OssNetPreset.matching(4, 4, 320));
		assertEquals(OssNetPreset.LITS, OssNetPreset.matching(1, 5, 512));
	}

	/** Zero tensors of the given shapes: keys and shapes are all a state-dict check looks at. */
	static Map<String, Tensor> zeros(Map<String, long[]> shapes) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : shapes.entrySet())
			out.put(e.getKey(), Tensor.adopt(e.getValue(), new float[(int) Tensor.elementCount(e.getValue())]));
		return out;
	}

	private static Map<String, long[]> part(Map<String, long[]> s, String prefix) {
		Map<String, long[]> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : s.entrySet()) if (e.getKey().startsWith(prefix)) out.put(e.getKey(), e.getValue());
		return out;
	}

	private static void expect(Map<String, long[]> s, String key, long... shape) {
		assertTrue(s.containsKey(key), key);
		assertArrayEquals(shape, s.get(key), key);
	}
}
