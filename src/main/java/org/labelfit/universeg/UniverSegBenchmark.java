package org.labelfit.universeg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.train.Progress;

/**
 * Time and peak memory of one UniverSeg query (forward pass and sigmoid at 128×128) per support
 * size, with untrained v1 weights: speed does not depend on the weights' values.
 */
public final class UniverSegBenchmark {

	private UniverSegBenchmark() {}

	/** For each S: median seconds per query over {@code repeats} runs after a warm-up, and the peak resident MB during them. */
	public static Map<String, Object> run(int[] supportSizes, int repeats, Device device, Progress progress) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("device", device.toString());
		result.put("threads", Engines.threads());
		result.put("size", UniverSegConfig.SIZE);
		List<Map<String, Object>> rows = new ArrayList<>();
		UniverSegConfig config = UniverSegConfig.v1();
		try (NDManager manager = Engines.newManager(device);
			UniverSegNet net = new UniverSegNet(config, UniverSegNet.initialWeights(config, 1), manager))
		{
			for (int s : supportSizes) {
				progress.checkCancelled();
				boolean peakPerSize = Memory.resetPeak();
				double[] t = new double[repeats];
				for (int r = -1; r < repeats; r++) {
					try (NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
						scope.suppressNotUsedWarning();
						NDArray[] in = randomInputs(manager, s);
						long start = System.nanoTime();
						ai.djl.nn.Activation.sigmoid(net.forward(in[0], in[1], in[2])).toFloatArray();
						if (r >= 0) t[r] = (System.nanoTime() - start) / 1e9;
					}
				}
				Arrays.sort(t);
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("support_size", s);
				row.put("seconds_per_query", t[repeats / 2]);
				row.put(peakPerSize ? "peak_resident_mb" : "peak_resident_mb_since_start", Memory.peakResidentMegabytes());
				rows.add(row);
				progress.log("S=" + s + ": " + String.format("%.3f", t[repeats / 2]) + " s per query, peak " + Memory.peakResidentMegabytes() +
					" MB");
			}
		}
		result.put("queries", rows);
		return result;
	}

	private static NDArray[] randomInputs(NDManager manager, int s) {
		int n = UniverSegConfig.SIZE, plane = n * n;
		SplittableRandom r = new SplittableRandom(s);
		float[] q = new float[plane], images = new float[s * plane], labels = new float[s * plane];
		for (int i = 0; i < plane; i++) q[i] = (float) r.nextDouble();
		for (int i = 0; i < images.length; i++) {
			images[i] = (float) r.nextDouble();
			labels[i] = r.nextBoolean() ? 1 : 0;
		}
		return new NDArray[] { manager.create(q, new Shape(1, 1, n, n)), manager.create(images, new Shape(1, s, 1, n, n)),
			manager.create(labels, new Shape(1, s, 1, n, n)) };
	}
}
