package org.labelfit.pix2rep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.engine.NonFinite;
import org.labelfit.train.Adam;
import org.labelfit.train.Progress;

/**
 * Time of LabelFit's real pretraining step (the trainer's own {@link Pix2RepPretrainer#step}: both views with the
 * intensity and spatial augmentation, backbone and projection head, the warp of view 1's projection at the sampled
 * pixels, NT-Xent, backward, Adam) on random 128×128 slices, and of the eval-mode backbone forward per slice, with
 * the process's peak resident memory (Linux VmHWM: the JVM, libtorch and every tensor). Speed does not depend on
 * the weights' or the images' values.
 */
public final class Pix2RepBenchmark {

	private Pix2RepBenchmark() {}

	/** Median, minimum and maximum seconds over {@code steps} training steps and {@code repeats} slices, each after a warm-up; 0 skips. */
	public static Map<String, Object> run(int width, int features, int batch, int steps, int repeats, Device device, Progress progress) {
		int size = Pix2Rep.SIZE;
		Pix2RepPretrainer.Request r = new Pix2RepPretrainer.Request(List.of("random slices"), width, features, Pix2RepPretrainer.Loss.INFONCE,
			1, batch, 1000, 0.53, 4.7e-4, Pix2RepPretrainer.BARLOW_LAMBDA, size, 1, device.toString(), "labelfit bench pix2rep");
		Pix2RepConfig config = new Pix2RepConfig(width, features, 0);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("device", device.toString());
		result.put("threads", Engines.threads());
		result.put("config", config.toString());
		result.put("backbone_parameters", config.parameterCount());
		result.put("size", size);
		Random rng = new Random(1);
		try (NDManager manager = Engines.newManager(device); Adam adam = new Adam(r.learningRate())) {
			Engines.seed(1);
			Pix2RepNet net = new Pix2RepNet(config);
			net.initialize(manager);
			ParameterStore ps = new ParameterStore(manager, false);
			result.put("resident_mb_with_network", Memory.residentMegabytes());
			if (steps > 0) {
				NDList params = new NDList();
				for (Parameter p : net.trainableParameters(true, false).values()) params.add(p.getArray());
				List<float[]> slices = new ArrayList<>();
				for (int i = 0; i < batch; i++) slices.add(random(rng, size * size));
				double[] t = new double[steps];
				for (int s = -1; s < steps; s++) {
					progress.checkCancelled();
					long start = System.nanoTime();
					double loss = Pix2RepPretrainer.step(net, ps, manager, adam, params, r, slices, rng);
					NonFinite.checkLoss("Pix2Rep benchmark", "step", s + 2, loss);
					if (s >= 0) t[s] = (System.nanoTime() - start) / 1e9;
					progress.log(String.format("training step %d: %.3f s, loss %.4f", s + 1, (System.nanoTime() - start) / 1e9, loss));
				}
				result.put("batch", batch);
				result.put("training_step_seconds", summary(t));
				result.put("peak_resident_mb_after_training", Memory.peakResidentMegabytes());
			}
			if (repeats > 0) {
				boolean reset = Memory.resetPeak();
				double[] t = new double[repeats];
				for (int s = -1; s < repeats; s++) {
					progress.checkCancelled();
					try (NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
						scope.suppressNotUsedWarning();
						long start = System.nanoTime();
						net.forward(ps, new NDList(manager.create(random(rng, size * size), new Shape(1, 1, size, size))), false)
							.singletonOrThrow().toFloatArray();
						if (s >= 0) t[s] = (System.nanoTime() - start) / 1e9;
					}
				}
				result.put("inference_seconds_per_slice", summary(t));
				result.put(reset ? "peak_resident_mb_inference" : "peak_resident_mb_since_start", Memory.peakResidentMegabytes());
				progress.log(String.format("inference: %.3f s per slice", ((Number) summary(t).get("median")).doubleValue()));
			}
		}
		return result;
	}

	private static Map<String, Object> summary(double[] t) {
		double[] s = t.clone();
		Arrays.sort(s);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("median", s[s.length / 2]);
		out.put("min", s[0]);
		out.put("max", s[s.length - 1]);
		out.put("n", s.length);
		return out;
	}

	private static float[] random(Random rng, int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = rng.nextFloat();
		return v;
	}
}
