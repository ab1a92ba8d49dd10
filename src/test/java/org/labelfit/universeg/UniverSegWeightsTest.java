package org.labelfit.universeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;
import org.labelfit.model.ModelFiles;
import org.labelfit.model.NpzFiles;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

/** Importing official state dicts: safetensors and npz round trips under the official names, and what is refused. */
class UniverSegWeightsTest {

	private static final Map<String, Tensor> WEIGHTS = ReferenceWeights.weights(UniverSegConfig.v1());

	@Test
	void npzImportsIntoAModelWithTheLicenceAndChecksum(@TempDir Path dir) throws Exception {
		Path npz = dir.resolve("universeg_v1.npz");
		NpzFiles.write(npz, WEIGHTS);
		Path out = dir.resolve("universeg.labelfit");
		UniverSeg.importWeights(npz, out, false, "labelfit universeg import-weights universeg_v1.npz --out universeg.labelfit");
		UniverSegModel m = UniverSegModelFile.load(out);
		assertEquals(WEIGHTS, m.weights());
		assertEquals(UniverSegConfig.v1(), m.config());
		assertEquals(128, m.size());
		assertTrue(m.licence().startsWith("OpenRAIL++-M") && m.licence().contains("research"), m.licence());
		String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(npz)));
		assertEquals(sha, m.provenance().get("weights_sha256"));
		assertEquals("universeg_v1.npz", m.provenance().get("weights_file"));
		// the model file holds exactly the official keys
		assertEquals(UniverSegConfig.v1().tensorShapes().keySet(), m.weights().keySet());
		// an existing model is kept unless overwriting
		byte[] before = Files.readAllBytes(out);
		assertThrows(LabelFitException.class, () -> UniverSeg.importWeights(npz, out, false, ""));
		assertArrayEquals(before, Files.readAllBytes(out));
	}

	@Test
	void safetensorsRoundTrip(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("universeg_v1.safetensors");
		Files.write(file, Safetensors.write(WEIGHTS, Map.of("format", "pt")));
		assertEquals(WEIGHTS, UniverSegWeights.read(file, UniverSegConfig.v1()));
	}

	@Test
	void missingExtraOrMisshapenTensorsAreNamed(@TempDir Path dir) throws IOException {
		Map<String, Tensor> missing = new LinkedHashMap<>(WEIGHTS);
		missing.remove("enc_blocks.2.support.vmapped.conv.weight");
		assertRefused(dir, missing, "'enc_blocks.2.support.vmapped.conv.weight'");
		Map<String, Tensor> misshapen = new LinkedHashMap<>(WEIGHTS);
		misshapen.put("out_conv.conv.weight", new Tensor(new long[] { 1, 32, 1, 1 }, new float[32]));
		assertRefused(dir, misshapen, "'out_conv.conv.weight' has shape [1, 32, 1, 1], expected [1, 64, 1, 1]");
		Map<String, Tensor> extra = new LinkedHashMap<>(WEIGHTS);
		extra.put("module.extra", Tensor.vector(1));
		assertRefused(dir, extra, "'module.extra'");
	}

	@Test
	void namesFromTheArchiveStayOnOneLine(@TempDir Path dir) throws IOException {
		UniverSegConfig tiny = UniverSegConfig.uniform(2, 2);
		Map<String, Tensor> weights = ModelFiles.zeros(tiny.tensorShapes());
		weights.put("evil\nname", Tensor.vector(1));
		Path npz = dir.resolve("w.npz");
		NpzFiles.write(npz, weights);
		String message = assertThrows(LabelFitException.class, () -> UniverSegWeights.read(npz, tiny)).getMessage();
		assertTrue(message.startsWith("w.npz: weights hold unexpected tensor 'evil\\nname'"), message);
	}

	private static void assertRefused(Path dir, Map<String, Tensor> weights, String mention) throws IOException {
		Path npz = dir.resolve("w.npz");
		NpzFiles.write(npz, weights);
		String message = assertThrows(LabelFitException.class, () -> UniverSeg.importWeights(npz, dir.resolve("m.labelfit"), false, ""))
			.getMessage();
		assertTrue(message.startsWith("w.npz: ") && message.contains(mention), message);
		assertFalse(Files.exists(dir.resolve("m.labelfit")));
	}

	@Test
	void corruptAndForeignFilesAreRefused(@TempDir Path dir) throws IOException {
		Path garbage = dir.resolve("garbage.npz");
		byte[] random = new byte[4096];
		new Random(1).nextBytes(random);
		Files.write(garbage, random);
		assertTrue(message(garbage).contains("not a valid .npz"), message(garbage));
		Path truncated = dir.resolve("truncated.safetensors");
		byte[] full = Safetensors.write(WEIGHTS, Map.of());
		Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
		assertTrue(message(truncated).startsWith("truncated.safetensors"), message(truncated));
		Path pickle = dir.resolve("universeg_v1_nf64_ss64_STA.pt");
		Files.write(pickle, random);
		assertTrue(message(pickle).contains("numpy.savez"), message(pickle));
		assertTrue(message(dir.resolve("absent.npz")).contains("does not exist"));
	}

	private static String message(Path weights) {
		return assertThrows(LabelFitException.class, () -> UniverSegWeights.read(weights, UniverSegConfig.v1())).getMessage();
	}

	@Test
	void aModelOfAnotherMethodIsRefused(@TempDir Path dir) {
		Path unet = dir.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new LinkedHashMap<>();
		c.tensorShapes().forEach((k, shape) -> w.put(k, new Tensor(shape, new float[(int) Tensor.elementCount(shape)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, java.util.List.of("background", "fg"), w, Map.of()), () -> false);
		String message = assertThrows(LabelFitException.class, () -> UniverSegModelFile.load(unet)).getMessage();
		assertTrue(message.contains("is a unet model, not a universeg model"), message);
	}
}
