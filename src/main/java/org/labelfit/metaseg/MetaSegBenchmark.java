package org.labelfit.metaseg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import org.labelfit.data.Sample;
import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.train.Adam;
import org.labelfit.train.Progress;

/**
 * Times MetaSeg's building blocks on a synthetic image: a pixel-only fit step, a first- and a
 * second-order outer step, a whole fit-and-label; reports the process's peak resident memory.
 */
public final class MetaSegBenchmark {

	private MetaSegBenchmark() {}

	public static Map<String, Object> run(String configName, int size, int classes, int fitSteps, int outerSteps, int repeats,
		Device device, Progress progress)
	{
		SirenConfig config = SirenConfig.preset(configName, classes);
		Sample sample = randomSample(config, size, classes);
		MetaSegSettings settings = MetaSegSettings.forConfig(config).toBuilder().fitSteps(fitSteps).build();
		Siren siren = new Siren(config);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("config", config.name());
		result.put("points", config.inputDims() == 2 ? size * size : SampleTensors.stridedIndex(sample, settings.stride()).length);
		result.put("threads", Runtime.getRuntime().availableProcessors());
		try (NDManager manager = Engines.newManager(device);
			SampleTensors t = SampleTensors.of(manager, sample, config.inputDims(), settings.stride(), classes, settings.backgroundWeight()))
		{
			NDList params = siren.initialize(manager, 1);
			Fitter one = new Fitter(siren, settings.fitLr(), 1);
			result.put("fit_step_seconds", seconds(repeats, () -> one.fit(params, t.coords(), t.target(), null)));
			for (boolean firstOrder : new boolean[] { true, false }) {
				MetaLearner learner = new MetaLearner(siren, settings.toBuilder().firstOrder(firstOrder).build());
				try (Adam outer = new Adam(settings.outerLr())) {
					result.put((firstOrder ? "first" : "second") + "_order_outer_step_seconds",
						seconds(Math.max(1, outerSteps), () -> learner.outerStep(params, t, outer)));
				}
			}
		}
		MetaSegModel model = new MetaSegModel(config, size, fitSteps, settings.fitLr(), settings.stride(), settings.gamma(),
			java.util.Collections.nCopies(classes, "class"), untrainedWeights(config), Map.of());
		try (MetaSegSegmenter segmenter = new MetaSegSegmenter(model, device, fitSteps)) {
			long start = System.nanoTime();
			segmenter.segment(sample, sample.width(), sample.height(), sample.depth(), progress);
			result.put("fit_and_label_seconds", (System.nanoTime() - start) / 1e9);
		}
		result.put("fit_steps", fitSteps);
		result.put("peak_resident_mb", Memory.peakResidentMegabytes());
		return result;
	}

	/**
	 * Runs {@code steps} meta-training steps on one synthetic image and samples the process's
	 * resident memory every {@code every} steps: flat when no step leaks arrays or autograd graphs.
	 */
	public static Map<String, Object> memoryTrace(String configName, int size, int classes, int steps, int every, boolean firstOrder,
		Device device, Progress progress)
	{
		SirenConfig config = SirenConfig.preset(configName, classes);
		Sample sample = randomSample(config, size, classes);
		MetaSegSettings settings = MetaSegSettings.forConfig(config).toBuilder().firstOrder(firstOrder).build();
		Siren siren = new Siren(config);
		MetaLearner learner = new MetaLearner(siren, settings);
		Map<String, Long> trace = new LinkedHashMap<>();
		try (NDManager manager = Engines.newManager(device);
			SampleTensors t = SampleTensors.of(manager, sample, config.inputDims(), settings.stride(), classes, settings.backgroundWeight());
			Adam outer = new Adam(settings.outerLr()))
		{
			NDList params = siren.initialize(manager, 1);
			org.labelfit.train.Meter meter = new org.labelfit.train.Meter(progress, "outer steps", steps);
			for (int step = 1; step <= steps; step++) {
				meter.step(learner.outerStep(params, t, outer));
				if (step % every == 0 || step == 1) trace.put(String.valueOf(step), Memory.residentMegabytes());
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("config", config.name());
		result.put("size", size);
		result.put("second_order", !firstOrder);
		result.put("skipped_outer_steps", learner.skippedSteps());
		result.put("resident_mb_by_step", trace);
		result.put("peak_resident_mb", Memory.peakResidentMegabytes());
		return result;
	}

	/** Median wall time of {@code n} runs after one warm-up. */
	private static double seconds(int n, Runnable step) {
		Runnable r = () -> {
			try (NDScope scope = new NDScope()) {
				scope.suppressNotUsedWarning();
				step.run();
			}
		};
		r.run();
		double[] t = new double[n];
		for (int i = 0; i < n; i++) {
			long start = System.nanoTime();
			r.run();
			t[i] = (System.nanoTime() - start) / 1e9;
		}
		java.util.Arrays.sort(t);
		return t[n / 2];
	}

	private static List<float[]> untrainedWeights(SirenConfig config) {
		try (NDManager m = Engines.newManager(Device.cpu())) {
			return MetaSegModel.toArrays(new Siren(config).initialize(m, 1));
		}
	}

	private static Sample randomSample(SirenConfig config, int size, int classes) {
		int depth = config.inputDims() == 3 ? size : 1;
		int n = size * size * depth;
		float[] image = new float[n];
		short[] labels = new short[n];
		SplittableRandom r = new SplittableRandom(3);
		for (int i = 0; i < n; i++) {
			labels[i] = (short) r.nextInt(classes);
			image[i] = labels[i] / (float) classes + (float) r.nextDouble() * 0.05f;
		}
		return new Sample("benchmark", image, labels, size, size, depth);
	}
}
