package org.labelfit.universeg;

import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.ReferenceHash;
import org.labelfit.model.Tensor;

/**
 * The deterministic weights and inputs of the NumPy reference forward (docs/bench/universeg_reference.py,
 * src/test/resources/org/labelfit/universeg/REFERENCE.md), from {@link ReferenceHash}.
 */
final class ReferenceWeights {

	private ReferenceWeights() {}

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
				for (int i = 0; i < data.length; i++) data[i] = (float) ((ReferenceHash.uniform(i, c) - 0.5) * 2 * bound);
			}
			else for (int i = 0; i < data.length; i++) data[i] = (float) ((ReferenceHash.uniform(i, c) - 0.5) * 0.2);
			out.put(e.getKey(), new Tensor(shape, data));
			k++;
		}
		return out;
	}

	/** Images: u of stream c (11 query, 22 support); labels: u ≥ 0.5 of stream 33. */
	static float[] values(int n, long c, boolean binary) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			double u = ReferenceHash.uniform(i, c);
			v[i] = binary ? (u >= 0.5 ? 1 : 0) : (float) u;
		}
		return v;
	}
}
