package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.model.NpzFiles;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

class Pix2RepImportTest {

	@TempDir
	Path dir;

	/** A state dict as the official code would save it: backbone keys, num_batches_tracked, and a 3-class outc head. */
	static Map<String, Tensor> officialStateDict(Pix2RepConfig c, long seed) {
		Random r = new Random(seed);
		Map<String, Tensor> out = new LinkedHashMap<>();
		Map<String, long[]> shapes = new LinkedHashMap<>(c.backboneShapes());
		shapes.putAll(c.headShapes());
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			float[] v = new float[(int) Tensor.elementCount(e.getValue())];
			for (int i = 0; i < v.length; i++) v[i] = e.getKey().endsWith("num_batches_tracked") ? 1234 : e.getKey().endsWith("running_var") ?
				0.5f + r.nextFloat() : (float) r.nextGaussian();
			out.put(e.getKey(), new Tensor(e.getValue(), v));
		}
		return out;
	}

	@Test
	void safetensorsAndNpzRoundTripWithShapesGivingTheConfig() throws IOException {
		Pix2RepConfig c = new Pix2RepConfig(2, 5, 3);
		Map<String, Tensor> weights = officialStateDict(c, 1);
		Path st = dir.resolve("unet.safetensors"), npz = dir.resolve("unet.npz");
		Files.write(st, Safetensors.write(weights, Map.of()));
		NpzFiles.write(npz, weights);
		for (Path file : List.of(st, npz)) {
			Path out = dir.resolve(file.getFileName() + ".labelfit");
			Pix2Rep.importWeights(file, out, false, "test");
			Pix2RepModel model = Pix2RepModelFile.load(out);
			assertEquals(c, model.config());
			assertFalse(model.hasProjection());
			assertEquals(List.of("background", "class 1", "class 2"), model.classNames());
			assertEquals(weights.keySet(), model.weights().keySet());
			for (String k : weights.keySet()) assertArrayEquals(weights.get(k).data(), model.weights().get(k).data(), k);
			assertEquals(64, ((String) model.provenance().get("weights_sha256")).length());
		}
	}

	@Test
	void aBackboneWithoutHeadHasNoClasses() throws IOException {
		Pix2RepConfig c = new Pix2RepConfig(3, 4, 0);
		Path st = dir.resolve("backbone.safetensors");
		Files.write(st, Safetensors.write(officialStateDict(c, 2), Map.of()));
		assertEquals(c, Pix2Rep.importWeights(st, dir.resolve("b.labelfit"), false, "test").config());
	}

	@Test
	void badKeysAreNamedAndNothingIsWritten() throws IOException {
		Pix2RepConfig c = new Pix2RepConfig(2, 5, 0);
		Map<String, Tensor> missing = officialStateDict(c, 3);
		missing.remove("up4.conv.double_conv.4.num_batches_tracked");
		assertTrue(importError(missing).contains("'up4.conv.double_conv.4.num_batches_tracked' is missing"));
		Map<String, Tensor> extra = officialStateDict(c, 3);
		extra.put("module.extra", Tensor.vector(1));
		assertTrue(importError(extra).contains("unexpected Pix2Rep weight 'module.extra'"));
		Map<String, Tensor> misshapen = officialStateDict(c, 3);
		misshapen.put("up1.up.weight", new Tensor(new long[] { 64, 32, 3, 3 }, new float[64 * 32 * 9]));
		String m = importError(misshapen);
		assertTrue(m.contains("'up1.up.weight' has shape [64, 32, 3, 3], expected [64, 32, 2, 2]"), m);
		assertFalse(m.contains("\n"));
	}

	private String importError(Map<String, Tensor> weights) throws IOException {
		Path st = dir.resolve("bad.safetensors"), out = dir.resolve("bad.labelfit");
		Files.write(st, Safetensors.write(weights, Map.of()));
		String message = assertThrows(LabelFitException.class, () -> Pix2Rep.importWeights(st, out, false, "test")).getMessage();
		assertFalse(Files.exists(out));
		return message;
	}

	@Test
	void corruptWeightsAndAnExistingOutputFailWithoutTouchingIt() throws IOException {
		Path garbage = dir.resolve("garbage.safetensors"), out = dir.resolve("kept.labelfit");
		Files.write(garbage, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		Files.writeString(out, "precious");
		assertThrows(LabelFitException.class, () -> Pix2Rep.importWeights(garbage, dir.resolve("new.labelfit"), false, "t"));
		assertFalse(Files.exists(dir.resolve("new.labelfit")));
		Path good = dir.resolve("good.safetensors");
		Files.write(good, Safetensors.write(officialStateDict(new Pix2RepConfig(2, 3, 0), 4), Map.of()));
		String m = assertThrows(LabelFitException.class, () -> Pix2Rep.importWeights(good, out, false, "t")).getMessage();
		assertTrue(m.contains("already exists"), m);
		assertEquals("precious", Files.readString(out));
	}

	@Test
	void aModelOfAnotherMethodIsRefused() {
		Path unet = dir.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new LinkedHashMap<>();
		c.tensorShapes().forEach((k, shape) -> w.put(k, new Tensor(shape, new float[(int) Tensor.elementCount(shape)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of()), () -> false);
		String message = assertThrows(LabelFitException.class, () -> Pix2RepModelFile.load(unet)).getMessage();
		assertTrue(message.contains("is a unet model, not a pix2rep model"), message);
	}
}
