package org.labelfit.ossnet;

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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;
import org.labelfit.model.NpzFiles;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

class OssNetImportTest {

	private static final OssNetConfig.Grid SMALL = new OssNetConfig.Grid(64, 64, 32);

	@TempDir
	Path dir;

	@Test
	void safetensorsAndNpzRoundTripWithTheVariantFromTheKeys() throws IOException {
		// B as safetensors, C as npz
		for (OssNetVariant v : new OssNetVariant[] { OssNetVariant.B, OssNetVariant.C }) {
			OssNetConfig c = new OssNetConfig(v, 2, 4, SMALL);
			Map<String, Tensor> weights = OssNetwork.initialWeights(c, 3);
			Path file = dir.resolve(v.id() + (v == OssNetVariant.B ? ".safetensors" : ".npz")), out = dir.resolve(v.id() + ".labelfit");
			if (v == OssNetVariant.B) Files.write(file, Safetensors.write(weights, Map.of()));
			else NpzFiles.write(file, weights);
			OssNetModel imported = OssNet.importWeights(file, out, SMALL, 2, false, "test");
			OssNetModel model = OssNetModelFile.load(out);
			assertEquals(c, model.config());
			assertEquals(imported.config(), model.config());
			assertEquals(Patches.Pooling.AVERAGE, model.largePooling());
			assertEquals("foreground", model.foreground());
			assertEquals(OssNetModel.OFFICIAL_LICENCE, model.licence());
			assertEquals(weights.keySet(), model.weights().keySet());
			for (String k : weights.keySet()) assertArrayEquals(weights.get(k).data(), model.weights().get(k).data(), k);
			assertEquals(64, ((String) model.provenance().get("weights_sha256")).length());
		}
	}

	/** A full-size BraTS A state dict (7.2 M parameters): no grid needed, the preset follows from the latent width. */
	@Test
	void aBratsCheckpointNeedsNoGrid() throws IOException {
		OssNetConfig brats = OssNetPreset.BRATS.config(OssNetVariant.A);
		Path npz = dir.resolve("oss_net_a_bra_ts.npz"), out = dir.resolve("a.labelfit");
		// saved from the DataParallel wrapper the official training uses: every key under "module."
		Map<String, Tensor> wrapped = new LinkedHashMap<>();
		OssNetTensorsTest.zeros(OssNetTensors.shapes(brats)).forEach((k, t) -> wrapped.put("module." + k, t));
		NpzFiles.write(npz, wrapped);
		OssNetModel model = OssNet.importWeights(npz, out, null, null, false, "test");
		assertEquals(brats, model.config());
		assertEquals(7_245_438, model.parameterCount());
		assertEquals("whole tumour", model.foreground());
		assertEquals(brats, OssNetModelFile.load(out).config());
		assertTrue(OssNetModelFile.load(out).weights().containsKey("encoder.blocks.0.main_mapping.0.weight"));
	}

	@Test
	void badKeysAreNamedAndNothingIsWritten() throws IOException {
		OssNetConfig c = new OssNetConfig(OssNetVariant.D, 2, 4, SMALL);
		Map<String, Tensor> missing = stateDict(c);
		missing.remove("decoder.blocks.3.cnb_2.linear_beta.bias");
		assertTrue(importError(missing, SMALL, null).contains("OSS-Net weight 'decoder.blocks.3.cnb_2.linear_beta.bias' is missing"));
		Map<String, Tensor> extra = stateDict(c);
		extra.put("decoder.fourier_features", new Tensor(new long[] { 3, 16 }, new float[48]));
		assertTrue(importError(extra, SMALL, null).contains("unexpected OSS-Net weight 'decoder.fourier_features'"));
		Map<String, Tensor> misshapen = stateDict(c);
		misshapen.put("encoder.output_mappings.1.1.weight", new Tensor(new long[] { 16, 32, 3, 3, 3 }, new float[16 * 32 * 27]));
		String m = importError(misshapen, SMALL, null);
		assertTrue(m.contains("'encoder.output_mappings.1.1.weight' has shape [16, 32, 3, 3, 3], expected [16, 32, 5, 5, 5]"), m);
		assertFalse(m.contains("\n"));
		assertTrue(importError(stateDict(c), SMALL, 4).contains("the network takes 2 image channels, not 4"));
		assertTrue(importError(stateDict(c), new OssNetConfig.Grid(64, 64, 64), null).contains("latent of 4 features, but grid 64×64×64"));
		assertTrue(importError(stateDict(c), null, null).contains("match neither preset"));
		// the patch mapping gives the patch kinds: 3 channels per image channel is no variant
		Map<String, Tensor> odd = stateDict(c);
		odd.put("decoder.patch_mapping.mapping.0.weight", new Tensor(new long[] { 4, 3, 7, 7, 7 }, new float[4 * 3 * 343]));
		assertTrue(importError(odd, SMALL, null).contains("patch mapping takes 3 channels"));
	}

	private static Map<String, Tensor> stateDict(OssNetConfig c) {
		return new LinkedHashMap<>(OssNetTensorsTest.zeros(OssNetTensors.shapes(c)));
	}

	private String importError(Map<String, Tensor> weights, OssNetConfig.Grid grid, Integer channels) throws IOException {
		Path st = dir.resolve("bad.safetensors"), out = dir.resolve("bad.labelfit");
		Files.write(st, Safetensors.write(weights, Map.of()));
		String message = assertThrows(LabelFitException.class, () -> OssNet.importWeights(st, out, grid, channels, false, "test")).getMessage();
		assertFalse(Files.exists(out));
		return message;
	}

	@Test
	void ptPicklesGetTheConversionLineAndAModelOfAnotherMethodIsRefused() throws IOException {
		Path pt = Files.write(dir.resolve("oss_net_c_bra_ts.pt"), new byte[] { 1, 2, 3 });
		String m = assertThrows(LabelFitException.class, () -> OssNet.importWeights(pt, dir.resolve("x.labelfit"), null, null, false, "t")).getMessage();
		assertTrue(m.contains("numpy.savez('oss_net.npz'"), m);
		Path unet = dir.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new LinkedHashMap<>();
		c.tensorShapes().forEach((k, shape) -> w.put(k, new Tensor(shape, new float[(int) Tensor.elementCount(shape)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of()), () -> false);
		String message = assertThrows(LabelFitException.class, () -> OssNetModelFile.load(unet)).getMessage();
		assertTrue(message.contains("is a unet model, not an ossnet model"), message);
	}
}
