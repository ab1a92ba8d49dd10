package org.labelfit.universeg;

import java.io.IOException;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.nn.FloatArrays;

/**
 * The forward pass against logits of an independent float64 NumPy implementation of the official
 * architecture (pairwise CrossConv taken literally); see REFERENCE.md next to the .npy files.
 */
class UniverSegReferenceTest {

	@Test
	void oneQueryWithThreeSupportsAt128() throws IOException {
		check("a", 1, 3, 128);
	}

	@Test
	void aBatchOfTwoQueriesWithTwoSupportsEachAt32() throws IOException {
		check("b", 2, 2, 32);
	}

	private static void check(String name, int b, int s, int size) throws IOException {
		float[] expected = FloatArrays.npyResource(UniverSegReferenceTest.class, "reference_" + name + "_logits.npy", new long[] { b, 1, size, size });
		int plane = size * size;
		try (NDManager m = Engines.newManager(Engines.device("cpu", x -> {}));
			UniverSegNet net = new UniverSegNet(UniverSegConfig.v1(), ReferenceWeights.weights(UniverSegConfig.v1()), m);
			Autograd noGraph = Autograd.pause())
		{
			float[] actual = net.forward(m.create(ReferenceWeights.values(b * plane, 11, false), new Shape(b, 1, size, size)),
				m.create(ReferenceWeights.values(b * s * plane, 22, false), new Shape(b, s, 1, size, size)),
				m.create(ReferenceWeights.values(b * s * plane, 33, true), new Shape(b, s, 1, size, size))).toFloatArray();
			// float32 against float64: a few 1e-6 of the largest logit
			FloatArrays.assertClose(expected, actual, 2e-5);
		}
	}
}
