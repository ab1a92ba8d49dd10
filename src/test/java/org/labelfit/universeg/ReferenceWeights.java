package org.labelfit.universeg;

import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.model.Tensor;

/**
 * The deterministic weights and inputs of the NumPy reference forward (docs/bench/universeg_reference.py,
 * src/test/resources/org/labelfit/universeg/REFERENCE.md): a Weyl sequence scrambled by MurmurHash3's
 * 32-bit finaliser, so that tensors of equal shape differ and the test can tell them apart.
 */
final class ReferenceWeights {

	private static final long MASK = 0xffffffffL;

	private ReferenceWeights() {}

	/** u in [0, 1) for element {@code i} of the stream {@code c}. */
	static double uniform(long i, long c) {
		long h = (i * 2654435761L + c) & MASK;
		h ^= h >>> 16;
		h = (h * 0x85ebca6bL) & MASK;
		h ^= h >>> 13;
		h = (h * 0xc2b2ae35L) & MASK;
		h ^= h >>> 16;
		return h / 4294967296.0;
	}

	/** Weight k: ±√(6 / fan_in) uniform; bias k: ±0.1 uniform; stream (k + 1)·97531, k in state-dict order. */
	static Map<String, Tensor> weights(UniverSegConfig config) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		int k = 0;
		for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
			long[] shape = e.getValue();
			float[] data = new float[(int) Tensor.elementCount(shape)];
			long c = (k + 1) * 97531L;
			if (shape.length == 4) {
				double bound = Math.sqrt(6.0 / (shape[1] * shape[2] * shape[3]));
				for (int i = 0; i < data.length; i++) data[i] = (float) ((uniform(i, c) - 0.5) * 2 * bound);
			}
			else for (int i = 0; i < data.length; i++) data[i] = (float) ((uniform(i, c) - 0.5) * 0.2);
			out.put(e.getKey(), new Tensor(shape, data));
			k++;
		}
		return out;
	}

	/** Images: u of stream c (11 query, 22 support); labels: u ≥ 0.5 of stream 33. */
	static float[] values(int n, long c, boolean binary) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			double u = uniform(i, c);
			v[i] = binary ? (u >= 0.5 ? 1 : 0) : (float) u;
		}
		return v;
	}
}
