package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

class Pix2RepConfigTest {

	@Test
	void paperConfigurationHasThePublishedSizes() {
		Pix2RepConfig paper = Pix2RepConfig.paper();
		assertEquals(134_883_072L, StateDicts.parameterCount(paper.backboneShapes()));
		assertEquals(328_704L, StateDicts.parameterCount(paper.projectionShapes()));
		assertEquals(4_100L, StateDicts.parameterCount(paper.withClasses(4).headShapes()));
		assertEquals(134_883_072L + 4_100L, paper.withClasses(4).parameterCount());
	}

	@Test
	void paperBackboneHasTheOfficial142Keys() {
		Map<String, long[]> s = Pix2RepConfig.paper().backboneShapes();
		assertEquals(142, s.size());
		// the official names, built independently of the production code
		List<String> expected = new ArrayList<>();
		List<String> blocks = new ArrayList<>(List.of("inc.double_conv"));
		for (int k = 1; k <= 5; k++) blocks.add("down" + k + ".maxpool_conv.1.double_conv");
		for (String b : blocks) expected.addAll(doubleConvKeys(b));
		for (int k = 1; k <= 5; k++) {
			expected.add("up" + k + ".up.weight");
			expected.add("up" + k + ".up.bias");
			expected.addAll(doubleConvKeys("up" + k + ".conv.double_conv"));
		}
		assertEquals(expected, new ArrayList<>(s.keySet()));
		assertArrayEquals(new long[] { 64, 1, 3, 3 }, s.get("inc.double_conv.0.weight"));
		assertArrayEquals(new long[] { 2048, 2048, 3, 3 }, s.get("down5.maxpool_conv.1.double_conv.3.weight"));
		assertArrayEquals(new long[] { 2048 }, s.get("down5.maxpool_conv.1.double_conv.4.running_var"));
		assertArrayEquals(new long[] { 2048, 1024, 2, 2 }, s.get("up1.up.weight"));
		assertArrayEquals(new long[] { 1024 }, s.get("up1.up.bias"));
		assertArrayEquals(new long[] { 1024, 2048, 3, 3 }, s.get("up1.conv.double_conv.0.weight"));
		assertArrayEquals(new long[] { 128, 64, 2, 2 }, s.get("up5.up.weight"));
		assertArrayEquals(new long[] { 1024, 128, 3, 3 }, s.get("up5.conv.double_conv.0.weight"));
		assertArrayEquals(new long[] { 1024, 1024, 3, 3 }, s.get("up5.conv.double_conv.3.weight"));
		assertArrayEquals(new long[] { 1024 }, s.get("up5.conv.double_conv.4.running_mean"));
		assertArrayEquals(new long[0], s.get("up5.conv.double_conv.4.num_batches_tracked"));
	}

	private static List<String> doubleConvKeys(String prefix) {
		List<String> k = new ArrayList<>();
		for (int conv : new int[] { 0, 3 }) {
			k.add(prefix + "." + conv + ".weight");
			for (String s : new String[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" })
				k.add(prefix + "." + (conv + 1) + "." + s);
		}
		return k;
	}

	@Test
	void widthFeaturesAndClassesAreReadFromTheShapes() {
		Pix2RepConfig c = new Pix2RepConfig(2, 5, 3);
		assertEquals(c, Pix2RepConfig.of(zeros(c.backboneShapes(), c.headShapes()), Map.of()));
		Pix2RepConfig backboneOnly = new Pix2RepConfig(3, 4, 0);
		assertEquals(backboneOnly, Pix2RepConfig.of(zeros(backboneOnly.backboneShapes(), Map.of()), Map.of()));
	}

	@Test
	void aMissingExtraOrMisshapenKeyIsNamed() {
		Pix2RepConfig c = new Pix2RepConfig(2, 5, 0);
		Map<String, Tensor> missing = zeros(c.backboneShapes(), Map.of());
		missing.remove("down3.maxpool_conv.1.double_conv.1.running_mean");
		assertTrue(message(missing).contains("'down3.maxpool_conv.1.double_conv.1.running_mean' is missing"));
		Map<String, Tensor> extra = zeros(c.backboneShapes(), Map.of());
		extra.put("outc.conv.extra", Tensor.vector(1));
		assertTrue(message(extra).contains("unexpected Pix2Rep weight 'outc.conv.extra'"));
		Map<String, Tensor> misshapen = zeros(c.backboneShapes(), Map.of());
		misshapen.put("up2.up.bias", Tensor.vector(1, 2));
		assertTrue(message(misshapen).contains("'up2.up.bias' has shape [2], expected [16]"));
	}

	private static String message(Map<String, Tensor> weights) {
		return assertThrows(LabelFitException.class, () -> Pix2RepConfig.of(weights, Map.of())).getMessage();
	}

	static Map<String, Tensor> zeros(Map<String, long[]> a, Map<String, long[]> b) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map<String, long[]> m : List.of(a, b))
			for (Map.Entry<String, long[]> e : m.entrySet())
				out.put(e.getKey(), new Tensor(e.getValue(), new float[(int) Tensor.elementCount(e.getValue())]));
		return out;
	}
}
