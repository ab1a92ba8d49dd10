package org.labelfit.ossnet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import org.labelfit.LabelFitException;
import org.labelfit.Version;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.NonFinite;
import org.labelfit.eval.ConfusionMatrix;
import org.labelfit.eval.SegmentationMetrics;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;
import org.labelfit.train.Lookahead;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Meter;
import org.labelfit.train.MultiStepSchedule;
import org.labelfit.train.Optimizer;
import org.labelfit.train.Progress;
import org.labelfit.train.RAdam;

/**
 * OSS-Net training (spec §4): per volume and step, the official augmentations before padding, {@code points}
 * points (a share from the border map), the clamped BCE on them plus, for C/D, 0.1 × the BCE of the low-resolution
 * segmentation against the max-pooled label; Lookahead(k = 5, α = 0.8) around RAdam with the PAU coefficients at
 * their own learning rate, MultiStepLR per epoch. Every {@code validateEvery} epochs (and after the last) the
 * held-out volumes are scored twice: IoU and Dice on uniformly sampled points, as the official validation, and Dice
 * of the dense segmentation of the whole volume, the number comparable with other methods. The model of the best
 * validation score ({@link Selection}) is kept.
 */
public final class OssNetTrainer {

	/** Official: Lookahead(k = 5, α = 0.8), MultiStepLR milestones 20, 30 and γ 0.1, validation every 5 epochs on 2¹⁷ points. */
	public static final int LOOKAHEAD_K = 5, VALIDATE_EVERY = 5, VALIDATION_POINTS = 1 << 17;
	public static final double LOOKAHEAD_ALPHA = 0.8, LEARNING_RATE = 3e-4, PADE_LEARNING_RATE = 1e-2, GAMMA = 0.1;
	public static final int[] MILESTONES = { 20, 30 };
	/** The official model chunks decoder calls at 2¹⁴ points. */
	static final int CHUNK = 1 << 14;

	/** Which validation score picks the kept model. */
	public enum Selection {
		/** The official choice: IoU on the sampled validation points. */
		POINT_IOU,
		/** Dice of the dense segmentation of the whole validation volumes. */
		DENSE_DICE;

		public static Selection of(String name) {
			for (Selection s : values()) if (s.id().equalsIgnoreCase(name == null ? "" : name.trim())) return s;
			throw new LabelFitException("the selection score must be point-iou or dense-dice, not '" + name + "'");
		}

		public String id() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}
	}

	/**
	 * The hyperparameters of one run (defaults: the official ones). {@code augment} false turns the official
	 * augmentations off (a named deviation, for checks); {@code command} is recorded in the model. {@code maxSeconds}
	 * is a wall-clock budget (0: none): the epoch that crosses it is validated and training ends there, so runs of
	 * different methods can be given the same time.
	 */
	public record Settings(int epochs, int points, double borderFraction, int batch, double learningRate, double padeLearningRate, int[] milestones,
		int validateEvery, int validationPoints, Selection selection, Mise.Inference validationInference, boolean augment, long seed, String device,
		String command, double maxSeconds)
	{

		/** Settings without a time budget. */
		public Settings(int epochs, int points, double borderFraction, int batch, double learningRate, double padeLearningRate, int[] milestones,
			int validateEvery, int validationPoints, Selection selection, Mise.Inference validationInference, boolean augment, long seed,
			String device, String command)
		{
			this(epochs, points, borderFraction, batch, learningRate, padeLearningRate, milestones, validateEvery, validationPoints, selection,
				validationInference, augment, seed, device, command, 0);
		}

		public Settings {
			if (!(maxSeconds >= 0)) throw new LabelFitException("the time budget must be 0 (none) or more seconds, got " + maxSeconds);
			milestones = milestones.clone();
			new MultiStepSchedule(milestones, GAMMA);
			if (epochs < 1) throw new LabelFitException("epochs must be 1 or more, got " + epochs);
			if (points < 1 || points > 1 << 22) throw new LabelFitException("points per volume must be between 1 and " + (1 << 22) + ", got " + points);
			if (!(borderFraction >= 0 && borderFraction <= 1)) throw new LabelFitException("border fraction must be in [0, 1], got " + borderFraction);
			if (batch < 1 || batch > 64) throw new LabelFitException("batch must be between 1 and 64 volumes, got " + batch);
			if (!(learningRate > 0 && learningRate < 1)) throw new LabelFitException("learning rate must be between 0 and 1, got " + learningRate);
			if (!(padeLearningRate > 0 && padeLearningRate < 1))
				throw new LabelFitException("PAU learning rate must be between 0 and 1, got " + padeLearningRate);
			if (validateEvery < 1) throw new LabelFitException("validation interval must be 1 or more epochs, got " + validateEvery);
			if (validationPoints < 1) throw new LabelFitException("validation points must be 1 or more, got " + validationPoints);
			if (selection == null) selection = Selection.POINT_IOU;
			if (validationInference == null) validationInference = Mise.Inference.MISE;
		}

		@Override
		public int[] milestones() {
			return milestones.clone();
		}
	}

	/**
	 * One volume as the trainer takes it: the z-scored channels of the region of the grid the input fills (the
	 * input itself, or its resampled size along axes larger than the grid), not padded yet, since the augmentations
	 * come first; the binary label and its border map ({@link BorderMap}) on the same region. {@link #onGrid} pads
	 * them as {@link OssNetVolume} does.
	 */
	public record Case(String name, float[][] channels, int[] dims, boolean[] label, boolean[] border) {

		public Case {
			long voxels = (long) dims[0] * dims[1] * dims[2];
			for (float[] c : channels) if (c.length != voxels) throw new LabelFitException(name + ": a channel does not fill " + Arrays.toString(dims));
			if (label.length != voxels || border.length != voxels) throw new LabelFitException(name + ": label and image grids differ");
		}

		/** The training case of a prepared volume and its grid target ({@link OssNetVolume#target}); the border map is computed here. */
		public static Case of(OssNetVolume volume, byte[] target) {
			OssNetConfig.Grid grid = volume.grid();
			int[] dims = region(volume.input(), grid), offset = offset(dims, grid);
			float[][] channels = new float[volume.channels()][];
			for (int c = 0; c < channels.length; c++) channels[c] = crop(volume.values(), (int) (c * grid.voxels()), grid, dims, offset);
			float[] t = new float[target.length];
			for (int i = 0; i < t.length; i++) t[i] = target[i];
			float[] cropped = crop(t, 0, grid, dims, offset);
			boolean[] label = new boolean[cropped.length];
			for (int i = 0; i < label.length; i++) label[i] = cropped[i] > 0;
			return new Case(volume.name(), channels, dims, label, BorderMap.of(label, dims));
		}

		/** The input's size on the grid per axis: its own where it is padded, the grid's where it was resampled. */
		private static int[] region(int[] input, OssNetConfig.Grid grid) {
			int[] g = grid.toArray(), out = new int[3];
			for (int a = 0; a < 3; a++) out[a] = Math.min(input[a], g[a]);
			return out;
		}

		/** Where that region starts: the centred padding of {@link OssNetVolume}. */
		private static int[] offset(int[] dims, OssNetConfig.Grid grid) {
			OssNetVolume.Placement placement = new OssNetVolume.Placement(dims, grid.toArray());
			return new int[] { placement.before(0), placement.before(1), placement.before(2) };
		}

		private static float[] crop(float[] values, int base, OssNetConfig.Grid grid, int[] dims, int[] offset) {
			float[] out = new float[dims[0] * dims[1] * dims[2]];
			for (int x = 0; x < dims[0]; x++)
				for (int y = 0; y < dims[1]; y++)
					System.arraycopy(values, base + ((x + offset[0]) * grid.y() + y + offset[1]) * grid.z() + offset[2], out, (x * dims[1] + y) * dims[2],
						dims[2]);
			return out;
		}

		/** Channels of {@code dims} padded with zeros onto the grid, centred, (C, X, Y, Z) in C order. */
		static float[] onGrid(float[][] channels, int[] dims, OssNetConfig.Grid grid) {
			int[] offset = offset(dims, grid);
			float[] out = new float[Math.toIntExact(channels.length * grid.voxels())];
			for (int c = 0; c < channels.length; c++)
				for (int x = 0; x < dims[0]; x++)
					for (int y = 0; y < dims[1]; y++)
						System.arraycopy(channels[c], (x * dims[1] + y) * dims[2], out,
							(int) (c * grid.voxels()) + ((x + offset[0]) * grid.y() + y + offset[1]) * grid.z() + offset[2], dims[2]);
			return out;
		}

		/** A mask of {@code dims} padded with false onto the grid, centred. */
		static boolean[] onGrid(boolean[] mask, int[] dims, OssNetConfig.Grid grid) {
			float[] v = new float[mask.length];
			for (int i = 0; i < v.length; i++) v[i] = mask[i] ? 1 : 0;
			float[] padded = onGrid(new float[][] { v }, dims, grid);
			boolean[] out = new boolean[padded.length];
			for (int i = 0; i < out.length; i++) out[i] = padded[i] > 0;
			return out;
		}
	}

	/** Validation scores: means over the volumes of point IoU and Dice, their point loss, and the dense Dice. */
	record Scores(double pointIou, double pointDice, double pointLoss, double denseDice) {

		double score(Selection s) {
			return s == Selection.POINT_IOU ? pointIou : denseDice;
		}
	}

	private OssNetTrainer() {}

	/** Trains from {@code settings.seed()} and returns the model of the best validation score; {@code improved} receives each new best. */
	public static OssNetModel train(OssNetConfig c, String foreground, Settings r, List<Case> training, List<Case> validation,
		Map<String, Object> source, Device device, Progress progress, LossHistory history, Consumer<OssNetModel> improved)
	{
		Run run = new Run(c, foreground == null || foreground.isBlank() ? "foreground" : foreground, r, source, training, validation, device);
		if (training.isEmpty()) throw new LabelFitException("OSS-Net training needs at least one training volume");
		if (validation.isEmpty()) throw new LabelFitException("OSS-Net training needs at least one validation volume");
		if (r.validationInference() == Mise.Inference.MISE_OPTIMISED && !c.variant().skipEncoder())
			throw new LabelFitException("mise-optimised starts from the low-resolution segmentation, which only OSS-Net C and D have");
		for (Case k : concat(training, validation)) {
			if (k.channels().length != c.channels())
				throw new LabelFitException(k.name() + " has " + k.channels().length + " channels, the network takes " + c.channels());
			int[] g = c.grid().toArray();
			for (int a = 0; a < 3; a++)
				if (k.dims()[a] > g[a]) throw new LabelFitException(k.name() + " (" + Arrays.toString(k.dims()) + ") does not fit the grid " + c.grid());
		}
		long start = System.nanoTime();
		Random rng = new Random(r.seed());
		int batch = Math.min(r.batch(), training.size());
		int perEpoch = training.size() / batch;
		progress.log("OSS-Net training: " + c + ", " + training.size() + " training and " + validation.size() + " validation volumes, " +
			perEpoch + " step" + (perEpoch == 1 ? "" : "s") + " of " + batch + " per epoch");
		MultiStepSchedule schedule = new MultiStepSchedule(r.milestones(), GAMMA);
		List<Validation> held = new ArrayList<>();
		Random fixed = new Random(r.seed() ^ 0x5DEECE66DL);
		for (Case k : validation) held.add(Validation.of(k, c, r.validationPoints(), fixed));
		Map<String, Tensor> bestWeights = null;
		Scores best = null;
		int bestEpoch = 0;
		List<Double> epochLosses = new ArrayList<>();
		List<Map<String, Object>> validations = new ArrayList<>();
		try (NDManager manager = Engines.newManager(device);
			OssNetwork net = new OssNetwork(c, OssNetwork.initialWeights(c, r.seed()), manager))
		{
			net.attachGradients();
			RAdam radam = radam(net, r);
			// its buffers live on the manager (freed with it on any exit); closing the Lookahead also closes the RAdam inside
			Optimizer optimizer = new Lookahead(radam, LOOKAHEAD_K, LOOKAHEAD_ALPHA);
			Meter meter = new Meter(progress, "OSS-Net training", (long) r.epochs() * perEpoch);
			long step = 0;
			List<Case> order = new ArrayList<>(training);
			for (int epoch = 1; epoch <= r.epochs(); epoch++) {
				radam.setLearningRateFactor(schedule.factor(epoch - 1));
				Collections.shuffle(order, rng);
				double sum = 0;
				// drop_last, as the official loader: every step sees a full batch
				for (int s = 0; s < perEpoch; s++) {
					double loss = step(net, optimizer, manager, r, order.subList(s * batch, (s + 1) * batch), rng);
					NonFinite.checkLoss("OSS-Net training", "step", ++step, loss);
					sum += loss;
					meter.step(loss);
				}
				epochLosses.add(sum / perEpoch);
				history.add("training loss", epoch, sum / perEpoch);
				boolean outOfTime = r.maxSeconds() > 0 && (System.nanoTime() - start) / 1e9 >= r.maxSeconds();
				if (epoch % r.validateEvery() == 0 || epoch == r.epochs() || outOfTime) {
					Scores v = validate(net, device, held, r.validationInference(), progress);
					meter.checkCancelled();
					history.add("validation loss (points)", epoch, v.pointLoss());
					history.add("validation dense Dice", epoch, v.denseDice());
					Map<String, Object> entry = new LinkedHashMap<>();
					entry.put("epoch", epoch);
					entry.put("point_iou", v.pointIou());
					entry.put("point_dice", v.pointDice());
					entry.put("point_loss", v.pointLoss());
					entry.put("dense_dice", v.denseDice());
					validations.add(entry);
					progress.log(String.format(java.util.Locale.ROOT, "epoch %d: training loss %.4f; validation points IoU %.4f Dice %.4f loss %.4f; " +
						"dense Dice %.4f", epoch, sum / perEpoch, v.pointIou(), v.pointDice(), v.pointLoss(), v.denseDice()));
					if (best == null || v.score(r.selection()) > best.score(r.selection())) {
						best = v;
						bestEpoch = epoch;
						bestWeights = net.export();
						improved.accept(run.model(bestWeights, bestEpoch, best, epochLosses, validations, start));
					}
				}
				if (outOfTime && epoch < r.epochs()) {
					progress.log(String.format(java.util.Locale.ROOT, "time budget of %.0f s used up after epoch %d of %d: stopping", r.maxSeconds(),
						epoch, r.epochs()));
					break;
				}
			}
			optimizer.close();
		}
		return run.model(bestWeights, bestEpoch, best, epochLosses, validations, start);
	}

	/** RAdam over two groups, as {@code OSSNet.parameter_dicts}: the PAU coefficients at {@code padeLearningRate}, every other parameter at {@code learningRate}. */
	static RAdam radam(OssNetwork net, Settings r) {
		NDList weights = new NDList(), pade = new NDList();
		for (Map.Entry<String, NDArray> e : net.tensors().entrySet())
			if (!StateDicts.isStatistic(e.getKey())) (OssNetTensors.isPade(e.getKey()) ? pade : weights).add(e.getValue());
		return new RAdam(List.of(new RAdam.Group(weights, r.learningRate()), new RAdam.Group(pade, r.padeLearningRate())));
	}

	/** One optimiser step on a batch of volumes; returns the loss. */
	static double step(OssNetwork net, Optimizer optimizer, NDManager manager, Settings r, List<Case> cases, Random rng) {
		OssNetConfig c = net.config();
		int b = cases.size(), n = r.points();
		int cells = (int) c.grid().voxels(), latent = (int) c.latentGrid().voxels();
		float[] volumes = new float[b * c.channels() * cells], coordinates = new float[b * n * 3], labels = new float[b * n];
		float[] patches = c.variant().localPatches() ? new float[b * n * c.patchChannels() * OssNetConfig.PATCH_FEATURES] : null;
		float[] lowRes = c.variant().skipEncoder() ? new float[b * latent] : null;
		for (int i = 0; i < b; i++) {
			Case k = cases.get(i);
			Augmentation.Draw d = r.augment() ? Augmentation.sample(rng, c.channels()) : new Augmentation.Draw(false, false, null, false, 0);
			float[] volume = Case.onGrid(Augmentation.images(d, k.channels(), k.dims()), k.dims(), c.grid());
			boolean[] label = Case.onGrid(Augmentation.mask(d, k.label(), k.dims()), k.dims(), c.grid());
			boolean[] border = Case.onGrid(Augmentation.mask(d, k.border(), k.dims()), k.dims(), c.grid());
			int[] points = PointSampler.sample(border, c.grid(), n, r.borderFraction(), rng);
			System.arraycopy(volume, 0, volumes, i * volume.length, volume.length);
			for (int j = 0; j < points.length; j++) coordinates[i * n * 3 + j] = points[j];
			System.arraycopy(PointSampler.labels(label, c.grid(), points), 0, labels, i * n, n);
			if (patches != null) {
				float[] p = Patches.extract(volume, c.channels(), c.grid(), points, c.variant().largePatches(), Patches.Pooling.AVERAGE);
				System.arraycopy(p, 0, patches, i * p.length, p.length);
			}
			if (lowRes != null) System.arraycopy(OssNetLoss.lowResTarget(label, c), 0, lowRes, i * latent, latent);
		}
		OssNetConfig.Grid g = c.grid(), l = c.latentGrid();
		int k = OssNetConfig.PATCH;
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray loss;
			try (Autograd recording = Autograd.record()) {
				OssNetwork.Encoded e = net.encode(OssNetwork.downsample(manager.create(volumes, new Shape(b, c.channels(), g.x(), g.y(), g.z()))), true);
				NDArray p = net.decode(e, manager.create(coordinates, new Shape(b, n, 3)),
					patches == null ? null : manager.create(patches, new Shape(b, n, c.patchChannels(), k, k, k)), true);
				loss = OssNetLoss.binaryCrossEntropy(p, manager.create(labels, new Shape(b, n)));
				if (lowRes != null)
					loss = loss.add(OssNetLoss.binaryCrossEntropy(e.lowRes(), manager.create(lowRes, new Shape(b, 1, l.x(), l.y(), l.z())))
						.mul((float) OssNetLoss.AUXILIARY_WEIGHT));
				Autograd.backward(loss);
			}
			optimizer.update();
			return loss.getFloat();
		}
	}

	/**
	 * A held-out volume ready to score: padded (as a prepared volume; its input size is the region it fills, which only
	 * cropping back would read), with its fixed uniform points and their labels.
	 */
	record Validation(OssNetVolume volume, boolean[] label, int[] points, float[] pointLabels) {

		static Validation of(Case k, OssNetConfig c, int points, Random rng) {
			OssNetVolume volume = new OssNetVolume(Case.onGrid(k.channels(), k.dims(), c.grid()), c.channels(), c.grid(), k.dims(), k.name());
			boolean[] label = Case.onGrid(k.label(), k.dims(), c.grid());
			int[] p = PointSampler.sample(new boolean[label.length], c.grid(), points, 0, rng);
			return new Validation(volume, label, p, PointSampler.labels(label, c.grid(), p));
		}
	}

	/**
	 * Running statistics, no graph: point IoU, Dice and loss, and the Dice of the segmentation of the whole grid by
	 * {@code inference} (dense, MISE or optimised MISE, through {@link OssNetSegmenter} on a copy of the current
	 * weights), each the mean over the volumes.
	 */
	static Scores validate(OssNetwork net, Device device, List<Validation> held, Mise.Inference inference, Progress progress) {
		// the segmentations report no phases of their own (they would interleave with training's), only cancellation
		Progress quiet = new Progress() {
			@Override
			public void report(Status status) {}

			@Override
			public boolean isCancelled() {
				return progress.isCancelled();
			}
		};
		OssNetModel snapshot = new OssNetModel(net.config(), Patches.Pooling.AVERAGE, "foreground", net.export(), null, Map.of());
		double iou = 0, dice = 0, loss = 0, dense = 0;
		try (OssNetSegmenter segmenter = new OssNetSegmenter(snapshot, new OssNetSegmenter.Options(inference, 0.5, CHUNK), device)) {
			for (Validation v : held) {
				progress.checkCancelled();
				float[] p = segmenter.probabilities(v.volume(), v.points(), quiet);
				ConfusionMatrix m = confusion(p, v.pointLabels());
				iou += SegmentationMetrics.iou(m, 1);
				dice += SegmentationMetrics.dice(m, 1);
				double sum = 0;
				for (int i = 0; i < p.length; i++) {
					double q = Math.min(Math.max(p[i], OssNetLoss.CLAMP), 1 - OssNetLoss.CLAMP);
					sum -= v.pointLabels()[i] > 0 ? Math.log(q) : Math.log(1 - q);
				}
				loss += sum / p.length;
				byte[] segmentation = segmenter.occupancy(v.volume(), quiet).occupancy();
				float[] truth = new float[segmentation.length], predicted = new float[segmentation.length];
				for (int i = 0; i < truth.length; i++) {
					truth[i] = v.label()[i] ? 1 : 0;
					predicted[i] = segmentation[i];
				}
				dense += SegmentationMetrics.dice(confusion(predicted, truth), 1);
			}
		}
		int n = held.size();
		return new Scores(iou / n, dice / n, loss / n, dense / n);
	}

	/** Foreground where the probability exceeds 0.5 (the official threshold), against 0/1 truth. */
	private static ConfusionMatrix confusion(float[] probabilities, float[] truth) {
		int[] p = new int[probabilities.length], t = new int[truth.length];
		for (int i = 0; i < p.length; i++) {
			p[i] = probabilities[i] > 0.5f ? 1 : 0;
			t[i] = truth[i] > 0.5f ? 1 : 0;
		}
		return ConfusionMatrix.of(p, t, 2);
	}

	private static List<Case> concat(List<Case> a, List<Case> b) {
		List<Case> out = new ArrayList<>(a);
		out.addAll(b);
		return out;
	}

	/** What a run records in the model it saves. */
	private record Run(OssNetConfig config, String foreground, Settings r, Map<String, Object> source, List<Case> training, List<Case> validation,
		Device device)
	{

		OssNetModel model(Map<String, Tensor> weights, int epoch, Scores best, List<Double> epochLosses, List<Map<String, Object>> validations,
			long start)
		{
			Map<String, Object> p = new LinkedHashMap<>();
			p.put("source", "trained by LabelFit (OSS-Net, " + config.variant().title() + ")");
			p.put("command", r.command());
			p.putAll(source);
			p.put("training_volumes", training.stream().map(Case::name).toList());
			p.put("validation_volumes", validation.stream().map(Case::name).toList());
			p.put("epochs", r.epochs());
			p.put("epochs_run", epochLosses.size());
			if (r.maxSeconds() > 0) p.put("max_seconds", r.maxSeconds());
			p.put("batch", r.batch());
			p.put("points_per_volume", r.points());
			p.put("border_fraction", r.borderFraction());
			p.put("loss", "BCE on the points, probabilities clamped to [1e-6, 1 - 1e-6]" +
				(config.variant().skipEncoder() ? " + 0.1 x BCE(low-resolution segmentation, label max-pooled to the latent grid)" : ""));
			p.put("optimizer", "Lookahead(k " + LOOKAHEAD_K + ", alpha " + LOOKAHEAD_ALPHA + ") around RAdam(betas 0.9, 0.999, eps 1e-8, no weight decay)");
			p.put("learning_rate", r.learningRate());
			p.put("pade_learning_rate", r.padeLearningRate());
			p.put("schedule", new MultiStepSchedule(r.milestones(), GAMMA).toString());
			p.put("augmentation", r.augment() ? "official, each p 0.5: flip of axes 0/1, brightness +max*U(-0.15, 0.15) per channel, noise sigma 0.15"
				: "none");
			p.put("validation", "every " + r.validateEvery() + " epochs and the last: " + r.validationPoints() +
				" uniform points per volume (IoU, Dice at 0.5) and Dice of the whole volume segmented by " + r.validationInference().id());
			p.put("selected_by", r.selection().id());
			p.put("seed", r.seed());
			p.put("best_epoch", epoch);
			p.put("best_point_iou", best.pointIou());
			p.put("best_point_dice", best.pointDice());
			p.put("best_dense_dice", best.denseDice());
			p.put("epoch_losses", new ArrayList<>(epochLosses));
			p.put("validations", new ArrayList<>(validations));
			p.put("training_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
			p.put("device", device.toString());
			p.put("labelfit_version", Version.get());
			p.put("created", Instant.now().toString());
			return new OssNetModel(config, Patches.Pooling.AVERAGE, foreground, weights, null, p);
		}
	}
}
