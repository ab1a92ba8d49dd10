package org.labelfit.metaseg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.labelfit.data.Sample;
import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** Trains a MetaSeg model: meta-learning (step 1), then head retraining on pixel-only fits (step 2). */
public final class MetaSegTrainer {

	private MetaSegTrainer() {}

	/** Training images and the held-out images used to pick checkpoints. */
	public record Split(List<Sample> train, List<Sample> validation) {}

	/**
	 * Holds out the last tenth of the (name-sorted) samples for validation, at least one and at
	 * most 10, when there are 5 or more; otherwise everything trains and nothing validates.
	 */
	public static Split holdOut(List<Sample> samples) {
		if (samples.size() < 5) return new Split(samples, List.of());
		int n = Math.min(10, Math.max(1, samples.size() / 10));
		return new Split(samples.subList(0, samples.size() - n), samples.subList(samples.size() - n, samples.size()));
	}

	public static MetaSegModel train(SirenConfig config, MetaSegSettings settings, int size, List<String> classNames,
		Split split, Device device, Progress progress, LossHistory history, Map<String, Object> provenance)
	{
		if (split.train().isEmpty()) throw new LabelFitException("no training images");
		for (Sample s : split.train()) check(config, s);
		for (Sample s : split.validation()) check(config, s);
		long start = System.nanoTime();
		Siren siren = new Siren(config);
		try (NDManager manager = Engines.newManager(device)) {
			List<SampleTensors> train = tensors(manager, config, settings, split.train());
			List<SampleTensors> validation = tensors(manager, config, settings, split.validation());
			NDList params = siren.initialize(manager, settings.seed());
			MetaLearner learner = new MetaLearner(siren, settings);
			NDList best = learner.train(manager, params, train, validation, progress, history);
			new HeadTrainer(siren, settings).train(manager, best, train, validation, progress, history);
			Map<String, Object> record = new LinkedHashMap<>(provenance);
			record.put("seed", settings.seed());
			record.put("outer_steps", settings.outerSteps());
			record.put("second_order", !settings.firstOrder());
			record.put("settings", settings);
			record.put("train_images", split.train().stream().map(Sample::name).toList());
			record.put("validation_images", split.validation().stream().map(Sample::name).toList());
			record.put("skipped_outer_steps", learner.skippedSteps());
			record.put("final_meta_loss", finite(history.last("meta loss")));
			record.put("best_validation_dice", finite(history.snapshot().getOrDefault("validation Dice", List.of()).stream()
				.mapToDouble(p -> p[1]).max().orElse(Double.NaN)));
			record.put("final_head_loss", finite(history.last("head focal loss")));
			record.put("training_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
			record.put("device", device.toString());
			record.put("created", Instant.now().toString());
			return new MetaSegModel(config, size, settings.fitSteps(), settings.fitLr(), settings.stride(), settings.gamma(),
				new ArrayList<>(classNames), MetaSegModel.toArrays(best), record);
		}
	}

	/** JSON has no NaN: a value that was never measured is recorded as null. */
	private static Double finite(double v) {
		return Double.isFinite(v) ? v : null;
	}

	private static void check(SirenConfig config, Sample s) {
		if (s.labels() == null) throw new LabelFitException(s.name() + ": training needs a label image");
		if ((config.inputDims() == 3) != s.is3d())
			throw new LabelFitException(s.name() + " is " + (s.is3d() ? "3D" : "2D") + " but the " + config.name() + " configuration is " +
				config.inputDims() + "D");
		s.requireLabelsBelow(config.classes());
	}

	private static List<SampleTensors> tensors(NDManager manager, SirenConfig config, MetaSegSettings settings, List<Sample> samples) {
		List<SampleTensors> list = new ArrayList<>();
		for (Sample s : samples)
			list.add(SampleTensors.of(manager, s, config.inputDims(), settings.stride(), config.classes(), settings.backgroundWeight()));
		return list;
	}
}
