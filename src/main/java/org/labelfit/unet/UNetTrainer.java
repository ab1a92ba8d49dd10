package org.labelfit.unet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.data.Sample;
import org.labelfit.model.Tensor;
import org.labelfit.train.Adam;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;
import org.labelfit.engine.NonFinite;

/**
 * Supervised training of a {@link UNet} on preprocessed 2D samples (all S×S) or on random patches of 3D volumes: loss {@link UNetLoss}
 * (cross-entropy + soft Dice), Adam with PyTorch's formula and defaults ({@link Adam}: β 0.9 / 0.999,
 * ε 1e-8, no weight decay) at a fixed learning rate, mini-batches drawn from a seeded shuffle each epoch (the last one
 * may be smaller). Weights are initialised from the engine seed, so a run is repeatable on one device.
 */
public final class UNetTrainer {

	/**
	 * @param maxSeconds wall-clock budget; training stops after the step that reaches it (0: no budget)
	 * @param flips      random horizontal and vertical flips of each training sample
	 */
	public record Settings(int epochs, double maxSeconds, int batchSize, float learningRate, long seed, boolean flips) {

		public Settings {
			if (epochs < 1) throw new LabelFitException("epochs must be at least 1, got " + epochs);
			if (!(maxSeconds >= 0)) throw new LabelFitException("the time budget must not be negative, got " + maxSeconds);
			if (batchSize < 1) throw new LabelFitException("batch size must be at least 1, got " + batchSize);
			if (!(learningRate > 0) || Float.isInfinite(learningRate))
				throw new LabelFitException("learning rate must be positive, got " + learningRate);
		}

		public static Settings defaults() {
			return new Settings(50, 0, 8, 1e-3f, 422, false);
		}

		public Settings withEpochs(int e) {
			return new Settings(e, maxSeconds, batchSize, learningRate, seed, flips);
		}

		public Settings withMaxSeconds(double s) {
			return new Settings(epochs, s, batchSize, learningRate, seed, flips);
		}

		public Settings withBatchSize(int b) {
			return new Settings(epochs, maxSeconds, b, learningRate, seed, flips);
		}

		public Settings withLearningRate(float lr) {
			return new Settings(epochs, maxSeconds, batchSize, lr, seed, flips);
		}

		public Settings withSeed(long s) {
			return new Settings(epochs, maxSeconds, batchSize, learningRate, s, flips);
		}

		public Settings withFlips(boolean f) {
			return new Settings(epochs, maxSeconds, batchSize, learningRate, seed, f);
		}
	}

	private UNetTrainer() {}

	/**
	 * Trains from scratch and returns the model with {@code provenance} extended by the settings,
	 * per-epoch mean losses and timing.
	 */
	public static UNetModel train(UNetConfig config, List<Sample> samples, List<String> classNames, Settings settings, Device device,
		Progress progress, Map<String, Object> provenance)
	{
		int size = checkSamples(config, samples);
		int classes = config.classes();
		Items items = new Items(samples.size(), new int[] { size, size }, samples.stream().map(Sample::name).toList(),
			(item, b, x, y, random) -> put(samples.get(item), b, size, classes, x, y, settings.flips() ? random.nextInt(4) : 0));
		Trained t = run(config, items, settings, device, progress, provenance);
		return new UNetModel(config, size, classNames, t.weights, t.record);
	}

	/**
	 * Trains a 3D U-Net from scratch on random {@code patch}-sided boxes (x, y, z) of whole volumes: each epoch draws one
	 * patch from every volume, in a seeded shuffle; a patch reaching past a volume's end reads zeros (the z-scored mean)
	 * and background there.
	 */
	public static UNetModel train3d(UNetConfig config, List<UNetVolume> volumes, int[] patch, List<String> classNames, Settings settings,
		Device device, Progress progress, Map<String, Object> provenance)
	{
		if (volumes.isEmpty()) throw new LabelFitException("no training volumes");
		if (config.dims() != 3 || !config.hasOutputConv() || config.classes() < 2 || config.inChannels() != 1)
			throw new LabelFitException("3D U-Net training needs a 3D network with one input channel and 2 or more classes");
		int[] box = UNetModel.requirePatch(patch, config);
		int classes = config.classes(), boxVoxels = box[0] * box[1] * box[2];
		for (UNetVolume v : volumes) {
			if (v.labels() == null) throw new LabelFitException(v.name() + ": training needs a label volume");
			v.requireLabelsBelow(classes);
		}
		// (z, y, x) tensor order
		Items items = new Items(volumes.size(), new int[] { box[2], box[1], box[0] }, volumes.stream().map(UNetVolume::name).toList(),
			(item, b, x, y, random) -> {
				UNetVolume v = volumes.get(item);
				int[] size = v.size(), corner = new int[3];
				for (int a = 0; a < 3; a++) corner[a] = random.nextInt(Math.max(size[a], box[a]) - box[a] + 1);
				v.crop(corner, box, x, b * boxVoxels, y, b * classes * boxVoxels, classes);
			});
		Trained t = run(config, items, settings, device, progress, provenance);
		t.record.put("patch", box);
		return new UNetModel(config, 0, box, classNames, t.weights, t.record);
	}

	/** Copies training item {@code item} (or a random crop of it) into slot {@code b} of a batch's inputs and one-hot targets. */
	private interface Put {
		void put(int item, int b, float[] x, float[] y, Random random);
	}

	/** What a run trains on: {@code count} items, each giving inputs of {@code spatial} sides (tensor order). */
	private record Items(int count, int[] spatial, List<String> names, Put put) {}

	private record Trained(Map<String, Tensor> weights, Map<String, Object> record) {}

	private static Trained run(UNetConfig config, Items items, Settings settings, Device device, Progress progress,
		Map<String, Object> provenance)
	{
		int classes = config.classes();
		int voxels = Arrays.stream(items.spatial()).reduce(1, (a, b) -> a * b);
		int perEpoch = (items.count() + settings.batchSize() - 1) / settings.batchSize();
		long start = System.nanoTime();
		Engines.seed(settings.seed());
		Random random = new Random(settings.seed());
		UNet net = new UNet(config);
		List<Double> epochLosses = new ArrayList<>();
		boolean outOfTime = false;
		long steps = 0;
		try (NDManager manager = Engines.newManager(device); Adam adam = new Adam(settings.learningRate())) {
			net.initialize(manager);
			ParameterStore ps = new ParameterStore(manager, false);
			NDList params = new NDList();
			for (Parameter p : net.trainableParameters()) params.add(p.getArray());
			Meter meter = new Meter(progress, "U-Net training", (long) settings.epochs() * perEpoch);
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < items.count(); i++) order.add(i);
			for (int epoch = 1; epoch <= settings.epochs() && !outOfTime; epoch++) {
				Collections.shuffle(order, random);
				double sum = 0;
				int done = 0;
				for (int from = 0; from < order.size(); from += settings.batchSize()) {
					List<Integer> batch = order.subList(from, Math.min(order.size(), from + settings.batchSize()));
					float[] x = new float[batch.size() * voxels];
					float[] y = new float[batch.size() * classes * voxels];
					for (int b = 0; b < batch.size(); b++) items.put().put(batch.get(b), b, x, y, random);
					double loss = step(net, ps, manager, adam, params, x, y, batch.size(), items.spatial(), classes);
					NonFinite.checkLoss("U-Net training", "step", steps + 1, loss);
					sum += loss;
					done++;
					steps++;
					meter.step(loss);
					if (settings.maxSeconds() > 0 && meter.elapsedSeconds() >= settings.maxSeconds()) {
						outOfTime = true;
						break;
					}
				}
				epochLosses.add(sum / done);
			}
			if (outOfTime) progress.log(String.format("U-Net training: time budget of %.0f s reached after %d steps (epoch %d)",
				settings.maxSeconds(), steps, epochLosses.size()));
			Map<String, Object> record = new LinkedHashMap<>(provenance);
			record.put("settings", settings);
			record.put("loss", "cross-entropy + (1 - soft Dice over the foreground classes, batch Dice, smoothing 1)");
			record.put("optimizer", "Adam (PyTorch's formula), beta 0.9/0.999, eps 1e-8, fixed learning rate");
			record.put("train_images", items.names());
			record.put("steps", steps);
			record.put("epochs_run", epochLosses.size());
			record.put("stopped_by_time_budget", outOfTime);
			record.put("epoch_losses", epochLosses);
			record.put("training_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
			record.put("device", device.toString());
			record.put("created", Instant.now().toString());
			return new Trained(net.export(), record);
		}
	}

	/** One forward/backward/update; every intermediate is freed before returning, so memory stays flat. */
	private static double step(UNet net, ParameterStore ps, NDManager manager, Adam adam, NDList params, float[] x, float[] y, int n,
		int[] spatial, int classes)
	{
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray loss;
			try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
				NDArray input = manager.create(x, batchShape(n, 1, spatial));
				NDArray target = manager.create(y, batchShape(n, classes, spatial));
				loss = UNetLoss.of(net.forward(ps, new NDList(input), true).singletonOrThrow(), target);
				collector.backward(loss);
			}
			adam.update(params);
			return loss.getFloat();
		}
	}

	private static Shape batchShape(int n, int channels, int[] spatial) {
		long[] s = new long[2 + spatial.length];
		s[0] = n;
		s[1] = channels;
		for (int a = 0; a < spatial.length; a++) s[2 + a] = spatial[a];
		return new Shape(s);
	}

	/** Copies sample {@code b} into the batch: image, one-hot labels, flipped per {@code flip} (bit 0: x, bit 1: y). */
	private static void put(Sample s, int b, int size, int classes, float[] x, float[] y, int flip) {
		int plane = size * size;
		float[] in = s.intensity();
		short[] labels = s.labels();
		for (int r = 0; r < size; r++) {
			int sr = (flip & 2) != 0 ? size - 1 - r : r;
			for (int c = 0; c < size; c++) {
				int src = sr * size + ((flip & 1) != 0 ? size - 1 - c : c);
				x[b * plane + r * size + c] = in[src];
				y[(b * classes + labels[src]) * plane + r * size + c] = 1;
			}
		}
	}

	private static int checkSamples(UNetConfig config, List<Sample> samples) {
		if (samples.isEmpty()) throw new LabelFitException("no training images");
		if (!config.hasOutputConv() || config.classes() < 2 || config.inChannels() != 1)
			throw new LabelFitException("U-Net training needs one input channel and an output conv with 2 or more classes");
		int size = samples.get(0).width();
		for (Sample s : samples) {
			if (s.labels() == null) throw new LabelFitException(s.name() + ": training needs a label image");
			if (s.is3d() || s.width() != size || s.height() != size)
				throw new LabelFitException(s.name() + " is " + s.width() + "×" + s.height() + "×" + s.depth() + "; U-Net training needs " +
					size + "×" + size + " 2D samples");
			s.requireLabelsBelow(config.classes());
		}
		if (size % config.divisor() != 0)
			throw new LabelFitException("size " + size + " must be divisible by " + config.divisor() + " for a depth " + config.depth() +
				" U-Net");
		return size;
	}
}
