package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.labelfit.nn.FloatArrays.assertClose;
import static org.labelfit.nn.FloatArrays.npyResource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.model.StateDictFile;

/**
 * The eval-mode forward pass against an independent float64 NumPy implementation of spec §2 with seeded random
 * weights and BatchNorm statistics (docs/bench/pix2rep_reference.py writes the resources), the weights going
 * through the real import path: {@code Pix2Rep.importWeights}, the saved model file, {@code Pix2RepNet.load}.
 */
class Pix2RepReferenceTest {

	private static final int B = 2, SIZE = 32, FEATURES = 8, CLASSES = 3, STRIDE = 16;
	/**
	 * float32 against float64: 22 layers of dot products of at most 576 terms of magnitude ≤ 1 give errors of a
	 * few 1e-6 of the largest output (float32's ε is 6e-8); a wrong layer, order or statistic is off by ≥ 1e-2.
	 */
	private static final double TOLERANCE = 2e-5;

	@TempDir
	Path dir;

	@Test
	void importedWeightsGiveTheReferenceFeaturesLogitsAndProjection() throws IOException {
		Path out = dir.resolve("reference.labelfit");
		Pix2Rep.importWeights(copy("reference_weights.npz"), out, false, "test");
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals(new Pix2RepConfig(2, FEATURES, CLASSES), model.config());
		float[] input = npyResource(getClass(), "reference_input.npy", new long[] { B, 1, SIZE, SIZE });
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			Pix2RepNet net = new Pix2RepNet(model.config());
			net.initialize(m);
			net.load(model.weights());
			net.load(StateDictFile.read(copy("reference_projection.npz"), "projection.npz"));
			ParameterStore ps = new ParameterStore(m, false);
			NDArray f = net.forward(ps, new NDList(m.create(input, new Shape(B, 1, SIZE, SIZE))), false).singletonOrThrow();
			assertClose(npyResource(getClass(), "reference_features.npy", new long[] { B, FEATURES, SIZE, SIZE }), f.toFloatArray(), TOLERANCE);
			assertClose(npyResource(getClass(), "reference_logits.npy", new long[] { B, CLASSES, SIZE, SIZE }), net.classify(ps, f).toFloatArray(),
				TOLERANCE);
			int n = SIZE / STRIDE;
			assertClose(npyResource(getClass(), "reference_projection.npy", new long[] { B, Pix2RepConfig.PROJECTION, n, n }),
				subsample(net.project(ps, f, false).toFloatArray(), B * Pix2RepConfig.PROJECTION), TOLERANCE);
		}
	}

	/** Pixels [::STRIDE, ::STRIDE] of {@code planes} SIZE×SIZE planes, as the reference stores them. */
	private static float[] subsample(float[] a, int planes) {
		int n = SIZE / STRIDE;
		float[] out = new float[planes * n * n];
		for (int p = 0, i = 0; p < planes; p++)
			for (int y = 0; y < SIZE; y += STRIDE)
				for (int x = 0; x < SIZE; x += STRIDE) out[i++] = a[(p * SIZE + y) * SIZE + x];
		return out;
	}

	private Path copy(String resource) throws IOException {
		Path file = dir.resolve(resource);
		try (InputStream in = getClass().getResourceAsStream(resource)) {
			Files.copy(in, file);
		}
		return file;
	}
}
