package org.labelfit.pix2rep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.labelfit.Choice;
import org.labelfit.LabelFitException;
import org.labelfit.Version;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.engine.NonFinite;
import org.labelfit.model.Tensor;
import org.labelfit.train.Adam;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * Trains the downstream head Conv1×1(F→classes) on a few labelled slices (spec §6, docs/pix2rep.md), with the soft
 * Dice loss of {@link Pix2RepLoss#softDice}, unlabelled pixels ignored:
 * <ul>
 * <li>probe: the backbone frozen in eval mode (BatchNorm on its running statistics) and not optimised; its features
 * are computed once per slice and cached, so an epoch costs only the 1×1 convolution;</li>
 * <li>fine-tune: backbone (Adam 5e-5) and head (Adam 1e-2) together, BatchNorm in training mode, stopped early when
 * more than {@value #PATIENCE} validations passed since the best;</li>
 * <li>from scratch: the same architecture randomly initialised, with the fine-tune recipe.</li>
 * </ul>
 * Fine-tuning and from scratch can add {@link MeanTeacher} consistency on unlabelled slices.
 * A tenth of the slices (at least one) is held out for validation every {@value #VALIDATE_EVERY} epochs; the
 * weights of the lowest validation loss are kept.
 */
public final class Pix2RepHeadTrainer {

	static final int VALIDATE_EVERY = 5;
	/** Official early stopping: more than this many validations since the best. */
	static final int PATIENCE = 6;
	public static final double PROBE_LEARNING_RATE = 7.6e-3, HEAD_LEARNING_RATE = 1e-2, BACKBONE_LEARNING_RATE = 5e-5;
	public static final int BATCH = 16;
	/** Mixed into the seed for the augmentation draws, so the batches are those of a run without augmentation. */
	private static final long AUGMENTATION_SEED = 0x417567L;
	/** The cached probe features may take at most this share of the memory the system has available. */
	static final double CACHE_SHARE = 0.5;

	public enum Mode {
		PROBE, FINETUNE;

		/** "probe" or "finetune" (any case), as the command line and the macros spell it. */
		public static Mode of(String name) {
			return Choice.of(Mode.class, "mode", name);
		}
	}

	/** One labelled slice on the model grid: intensities, and labels with {@code -1} for unlabelled pixels. */
	record Slice(float[] image, short[] labels) {}

	/**
	 * One run.
	 *
	 * @param pretrained the pretrained model file; ignored (may be null) with {@code fromScratch}
	 * @param images files, folder or glob of images (for images in memory: their names, for the provenance)
	 * @param labels files, folder or glob of label images paired with the images by name (or names, in memory)
	 * @param width backbone width, only from scratch
	 * @param features features per pixel, only from scratch
	 * @param size grid side, only from scratch (else the pretrained model's)
	 * @param classes classes with background; 0 counts them from the labels
	 * @param classNames names, background first, or null for the defaults
	 * @param ignoreLabel a label-file value that means unlabelled, or null
	 * @param headLearningRate Adam rate of the head; 0 for the mode's default (probe 7.6e-3, else 1e-2)
	 * @param backboneLearningRate Adam rate of the backbone when it is trained; 0 for 5e-5
	 * @param preprocessing crop and interpolation; null for the pretrained model's (from scratch: the defaults)
	 * @param meanTeacher Mean Teacher consistency on unlabelled slices, or null for none; not with the probe
	 * @param intensityAugmentation the pretraining's intensity pipeline on every training batch (spec §4.1), or null
	 *        for the mode's default: on when the backbone trains, off for the probe, whose features are then cached
	 */
	public record Request(String pretrained, String images, String labels, String imageSuffix, String labelSuffix, Mode mode,
		boolean fromScratch, int width, int features, int size, int epochs, int batch, int classes, List<String> classNames,
		Integer ignoreLabel, double headLearningRate, double backboneLearningRate, Pix2RepPreprocessing preprocessing, long seed,
		String device, String command, MeanTeacher meanTeacher, Boolean intensityAugmentation)
	{

		/** A request with the mode's default augmentation. */
		public Request(String pretrained, String images, String labels, String imageSuffix, String labelSuffix, Mode mode,
			boolean fromScratch, int width, int features, int size, int epochs, int batch, int classes, List<String> classNames,
			Integer ignoreLabel, double headLearningRate, double backboneLearningRate, Pix2RepPreprocessing preprocessing, long seed,
			String device, String command, MeanTeacher meanTeacher)
		{
			this(pretrained, images, labels, imageSuffix, labelSuffix, mode, fromScratch, width, features, size, epochs, batch, classes,
				classNames, ignoreLabel, headLearningRate, backboneLearningRate, preprocessing, seed, device, command, meanTeacher, null);
		}

		/** A request without Mean Teacher. */
		public Request(String pretrained, String images, String labels, String imageSuffix, String labelSuffix, Mode mode,
			boolean fromScratch, int width, int features, int size, int epochs, int batch, int classes, List<String> classNames,
			Integer ignoreLabel, double headLearningRate, double backboneLearningRate, Pix2RepPreprocessing preprocessing, long seed,
			String device, String command)
		{
			this(pretrained, images, labels, imageSuffix, labelSuffix, mode, fromScratch, width, features, size, epochs, batch, classes,
				classNames, ignoreLabel, headLearningRate, backboneLearningRate, preprocessing, seed, device, command, null, null);
		}

		public Request {
			if (!fromScratch && (pretrained == null || pretrained.isBlank()))
				throw new LabelFitException("no pretrained model given (--model MODEL), and not training from scratch (--from-scratch)");
			if (mode == null) mode = Mode.PROBE;
			if (fromScratch) {
				new Pix2RepConfig(width, features, 0);
				Pix2RepPreprocessing.requireSize(size);
			}
			if (epochs < 1) throw new LabelFitException("epochs must be 1 or more, got " + epochs);
			if (batch < 1 || batch > 1024) throw new LabelFitException("batch must be between 1 and 1024, got " + batch);
			if (classes < 0 || classes > Pix2RepConfig.MAX_CLASSES)
				throw new LabelFitException("classes must be between 0 and " + Pix2RepConfig.MAX_CLASSES + ", got " + classes);
			if (classes == 1) throw new LabelFitException("a head needs at least 2 classes (background included), got 1");
			if (!(headLearningRate >= 0 && headLearningRate < 1) || !(backboneLearningRate >= 0 && backboneLearningRate < 1))
				throw new LabelFitException("learning rates must be between 0 and 1, got " + headLearningRate + " and " + backboneLearningRate);
			classNames = classNames == null ? null : List.copyOf(classNames);
			if (meanTeacher != null && mode == Mode.PROBE && !fromScratch)
				throw new LabelFitException("--mean-teacher trains the backbone: use it with --mode finetune or --from-scratch, not --mode probe");
		}

		/** Probing only when a pretrained backbone is there to freeze. */
		public boolean probe() {
			return mode == Mode.PROBE && !fromScratch;
		}

		/** "auto" (or null) for the mode's default, "on" or "off", as the command line and the macros spell it. */
		public static Boolean intensityAugmentation(String choice) {
			if (choice == null || choice.equalsIgnoreCase("auto")) return null;
			if (choice.equalsIgnoreCase("on")) return true;
			if (choice.equalsIgnoreCase("off")) return false;
			throw new LabelFitException("intensity augmentation must be auto, on or off, got '" + choice + "'");
		}

		/** Whether training batches get the intensity pipeline: as asked, else when the backbone trains. */
		public boolean augments() {
			return intensityAugmentation != null ? intensityAugmentation : !probe();
		}

		public double headRate() {
			return headLearningRate > 0 ? headLearningRate : probe() ? PROBE_LEARNING_RATE : HEAD_LEARNING_RATE;
		}

		public double backboneRate() {
			return backboneLearningRate > 0 ? backboneLearningRate : BACKBONE_LEARNING_RATE;
		}

		/** What the provenance and the logs call this run. */
		public String recipe() {
			String recipe = fromScratch ? "from scratch (fine-tune recipe)" : probe() ? "linear probe" : "fine-tune";
			return meanTeacher == null ? recipe : recipe + " + Mean Teacher";
		}
	}

	private Pix2RepHeadTrainer() {}

	/**
	 * Trains and returns the model of the lowest validation loss; {@code improved} receives each new best.
	 *
	 * @param pretrained the pretrained model, or null from scratch
	 * @param source provenance entries about the inputs (files, hashes)
	 * @param unlabelled the preprocessed unlabelled slices of Mean Teacher (empty without)
	 * @param featureCache where the probe's frozen features are kept between runs (Fiji), or null to compute them
	 */
	static Pix2RepModel train(Request r, Pix2RepModel pretrained, Pix2RepPreprocessing preprocessing, List<Slice> slices,
		List<float[]> unlabelled, int classes, List<String> classNames, Map<String, Object> source, Device device, Progress progress,
		LossHistory history, Consumer<Pix2RepModel> improved, Pix2RepFeatureCache featureCache)
	{
		if (slices.isEmpty()) throw new LabelFitException("no labelled pixels: every label slice is unlabelled");
		MeanTeacher mt = r.meanTeacher();
		if (mt != null && unlabelled.isEmpty()) throw new LabelFitException("no unlabelled slices in " + mt.unlabelled() + " (--unlabelled)");
		long start = System.nanoTime();
		Random rng = new Random(r.seed());
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < slices.size(); i++) order.add(i);
		Collections.shuffle(order, rng);
		List<Integer> validation, training;
		if (slices.size() == 1) {
			progress.log("only one labelled slice: validating on the training slice");
			validation = training = order;
		}
		else {
			int held = Math.max(1, Math.round(slices.size() / 10f));
			validation = List.copyOf(order.subList(0, held));
			training = List.copyOf(order.subList(held, order.size()));
		}
		int size = preprocessing.size();
		if (!r.probe() && size == Pix2RepConfig.DIVISOR && training.size() < 2)
			throw new LabelFitException("training the backbone at size " + size + " needs at least 2 training slices (BatchNorm at the 1×1 " +
				"bottleneck), got " + training.size() + "; use --mode probe, more slices or a larger size");
		Pix2RepConfig config = (pretrained == null ? new Pix2RepConfig(r.width(), r.features(), 0) : pretrained.config()).withClasses(classes);
		progress.log(String.format("Pix2Rep %s: %d training and %d validation slices, %s, head lr %g%s%s", r.recipe(), training.size(),
			validation.size(), config, r.headRate(), r.probe() ? "" : String.format(", backbone lr %g", r.backboneRate()),
			r.augments() ? ", intensity augmentation" : ""));
		Engines.seed(r.seed());
		Pix2RepNet net = new Pix2RepNet(config);
		double best = Double.POSITIVE_INFINITY;
		Map<String, Tensor> bestWeights = null;
		int bestEpoch = 0, sinceBest = 0, epochsRun = 0;
		List<Double> epochLosses = new ArrayList<>(), validationLosses = new ArrayList<>(), consistencyLosses = new ArrayList<>();
		int perEpoch = Pix2RepPretrainer.batches(training, r.batch(), size).size();
		long rampUpSteps = mt == null ? 0 : (long) mt.rampUpEpochs() * perEpoch;
		Map<String, Object> teacherProvenance = mt == null ? null : mt.provenance(unlabelled.size(), rampUpSteps);
		try (NDManager manager = Engines.newManager(device); Adam headAdam = new Adam(r.headRate());
			Adam backboneAdam = new Adam(r.backboneRate()))
		{
			net.initialize(manager);
			if (pretrained != null) net.load(backbone(pretrained));
			ParameterStore ps = new ParameterStore(manager, false);
			NDList head = new NDList(), backbone = new NDList();
			for (Map.Entry<String, Parameter> e : net.trainableParameters(false, true).entrySet())
				(config.headShapes().containsKey(e.getKey()) ? head : backbone).add(e.getValue().getArray());
			Features features = new Features(net, ps, manager, slices, size, r.probe() && !r.augments(), progress, featureCache, pretrained,
				r.augments() ? new Random(r.seed() ^ AUGMENTATION_SEED) : null);
			Teacher teacher = mt == null ? null : new Teacher(net, manager, unlabelled, size, r.seed());
			Meter meter = new Meter(progress, "Pix2Rep " + r.recipe(), (long) r.epochs() * perEpoch);
			long step = 0;
			List<Integer> shuffled = new ArrayList<>(training);
			for (int epoch = 1; epoch <= r.epochs(); epoch++) {
				Collections.shuffle(shuffled, rng);
				double sum = 0, consistencySum = 0;
				for (List<Integer> batch : Pix2RepPretrainer.batches(shuffled, r.batch(), size)) {
					double loss, consistency = 0;
					try (NDScope scope = new NDScope()) {
						scope.suppressNotUsedWarning();
						NDArray l, total;
						try (Autograd recording = Autograd.record()) {
							NDList t = targets(manager, slices, batch, classes, size);
							if (teacher == null) total = l = loss(net, ps, features.of(batch, !r.probe(), true), t);
							else {
								// one student pass over [labelled; unlabelled], as Tarvainen's mixed batches: Dice on the first part,
								// consistency with the teacher on the second
								int b = batch.size();
								NDList u = teacher.draw(b);
								NDArray logits = net.classify(ps, features.training(features.input(batch, true).concat(u.get(0), 0)));
								l = Pix2RepLoss.softDice(logits.get(":" + b), t.get(0), t.get(1));
								NDArray c = MeanTeacher.consistency(logits.get(b + ":"), MeanTeacher.teacherSoftmax(teacher.net, ps, u.get(1)));
								consistency = c.getFloat();
								total = l.add(c.mul((float) mt.weightAt(step, rampUpSteps)));
							}
							Autograd.backward(total);
						}
						headAdam.update(head);
						if (!r.probe()) backboneAdam.update(backbone);
						loss = l.getFloat();
						NonFinite.checkLoss("Pix2Rep head training", "step", step + 1, total.getFloat());
					}
					step++;
					if (teacher != null) teacher.net.blendFrom(net, mt.alpha(step));
					sum += loss;
					consistencySum += consistency;
					meter.step(loss);
				}
				epochsRun = epoch;
				epochLosses.add(sum / perEpoch);
				history.add("training loss", epoch, sum / perEpoch);
				if (teacher != null) {
					consistencyLosses.add(consistencySum / perEpoch);
					history.add("consistency loss", epoch, consistencySum / perEpoch);
				}
				if (epoch % VALIDATE_EVERY == 0 || epoch == r.epochs()) {
					double v = validate(net, ps, manager, features, slices, validation, classes, size);
					meter.checkCancelled();
					validationLosses.add(v);
					history.add("validation loss", epoch, v);
					progress.log(String.format("epoch %d: training loss %.4f, validation loss %.4f", epoch, sum / perEpoch, v));
					if (v < best) {
						best = v;
						bestEpoch = epoch;
						sinceBest = 0;
						bestWeights = net.export(false);
						improved.accept(model(r, pretrained, preprocessing, config, classNames, bestWeights, source, epoch, epochsRun, best,
							epochLosses, validationLosses, teacherProvenance, consistencyLosses, start, device));
					}
					else if (!r.probe() && ++sinceBest > PATIENCE) {
						progress.log("early stop at epoch " + epoch + ": " + sinceBest + " validations since the best (epoch " + bestEpoch + ")");
						break;
					}
				}
			}
		}
		return model(r, pretrained, preprocessing, config, classNames, bestWeights, source, bestEpoch, epochsRun, best, epochLosses,
			validationLosses, teacherProvenance, consistencyLosses, start, device);
	}

	/** The pretrained backbone's tensors (projection and any old head left out: the new head starts afresh). */
	private static Map<String, Tensor> backbone(Pix2RepModel pretrained) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (String name : pretrained.config().backboneShapes().keySet()) out.put(name, pretrained.weights().get(name));
		return out;
	}

	/** One-hot labels and the labelled-pixel mask of a batch: (B, C, S, S) and (B, 1, S, S). */
	private static NDList targets(NDManager manager, List<Slice> slices, List<Integer> batch, int classes, int size) {
		int plane = size * size, b = batch.size();
		float[] oneHot = new float[b * classes * plane], mask = new float[b * plane];
		for (int i = 0; i < b; i++) {
			short[] labels = slices.get(batch.get(i)).labels();
			for (int p = 0; p < plane; p++) {
				if (labels[p] < 0) continue;
				mask[i * plane + p] = 1;
				oneHot[(i * classes + labels[p]) * plane + p] = 1;
			}
		}
		return new NDList(manager.create(oneHot, new Shape(b, classes, size, size)), manager.create(mask, new Shape(b, 1, size, size)));
	}

	private static NDArray loss(Pix2RepNet net, ParameterStore ps, NDArray features, NDList targets) {
		return Pix2RepLoss.softDice(net.classify(ps, features), targets.get(0), targets.get(1));
	}

	/** The Dice loss over the validation slices (per-slice mean, as MONAI's), BatchNorm on running statistics. */
	private static double validate(Pix2RepNet net, ParameterStore ps, NDManager manager, Features features, List<Slice> slices,
		List<Integer> validation, int classes, int size)
	{
		double sum = 0;
		try (Autograd noGraph = Autograd.pause()) {
			for (int from = 0; from < validation.size(); from += BATCH) {
				List<Integer> batch = validation.subList(from, Math.min(validation.size(), from + BATCH));
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					sum += loss(net, ps, features.of(batch, false, false), targets(manager, slices, batch, classes, size)).getFloat() * batch.size();
				}
			}
		}
		return sum / validation.size();
	}

	/**
	 * The backbone's features of slices: for the probe without augmentation computed once in eval mode and cached
	 * (when they fit in half the memory available), taken from and added to the session's {@link Pix2RepFeatureCache}
	 * where one is given; else computed per batch, training batches through the intensity pipeline when it is on.
	 */
	private static final class Features {

		private final Pix2RepNet net;
		private final ParameterStore ps;
		private final NDManager manager;
		private final List<Slice> slices;
		private final int size;
		/** The augmentation draws, or null for none. */
		private final Random augmentation;
		private NDArray cache;

		Features(Pix2RepNet net, ParameterStore ps, NDManager manager, List<Slice> slices, int size, boolean cached, Progress progress,
			Pix2RepFeatureCache session, Pix2RepModel pretrained, Random augmentation)
		{
			this.net = net;
			this.ps = ps;
			this.manager = manager;
			this.slices = slices;
			this.size = size;
			this.augmentation = augmentation;
			if (!cached) return;
			int features = net.config().features();
			long bytes = (long) slices.size() * features * size * size * Float.BYTES;
			long available = Memory.availableMegabytes();
			if (available >= 0 && bytes > CACHE_SHARE * available * (1L << 20)) {
				progress.log(String.format("the features of %d slices need %d MB, more than half of the %d MB available: computing them " +
					"every epoch instead of caching them", slices.size(), bytes >> 20, available));
				return;
			}
			String backbone = session == null ? null : Pix2RepFeatureCache.backboneKey(pretrained);
			NDArray[] parts = new NDArray[slices.size()];
			List<Integer> missing = new ArrayList<>();
			for (int i = 0; i < slices.size(); i++) {
				float[] known = session == null ? null : session.get(backbone, slices.get(i).image());
				if (known == null) missing.add(i);
				else parts[i] = manager.create(known, new Shape(1, features, size, size));
			}
			for (int from = 0; from < missing.size(); from += BATCH) {
				progress.checkCancelled();
				List<Integer> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					NDArray f = of(batch, false, false);
					for (int j = 0; j < batch.size(); j++) {
						NDArray one = f.get(j).expandDims(0);
						NDScope.unregister(one);
						parts[batch.get(j)] = one;
						if (session != null) session.put(backbone, slices.get(batch.get(j)).image(), one.toFloatArray());
					}
				}
			}
			NDList all = new NDList(parts);
			cache = NDArrays.concat(all, 0);
			all.close();
			progress.log(String.format("frozen backbone's features of %d slices (%d MB): %d computed, %d from earlier runs", slices.size(),
				bytes >> 20, missing.size(), slices.size() - missing.size()));
		}

		/**
		 * Features of the slices {@code batch}: with {@code training} through the graph with BatchNorm in training mode;
		 * {@code augmented} for a training batch (the intensity pipeline when it is on).
		 */
		NDArray of(List<Integer> batch, boolean training, boolean augmented) {
			if (cache != null) {
				long[] index = new long[batch.size()];
				for (int i = 0; i < index.length; i++) index[i] = batch.get(i);
				return cache.get(manager.create(index));
			}
			NDArray input = input(batch, augmented);
			if (training) return training(input);
			try (Autograd noGraph = Autograd.pause()) {
				return net.forward(ps, new NDList(input), false).singletonOrThrow();
			}
		}

		/** The images of the slices {@code batch}, (B, 1, S, S), each with its own draw of the pipeline when {@code augmented}. */
		NDArray input(List<Integer> batch, boolean augmented) {
			List<float[]> images = new ArrayList<>();
			for (int i : batch) {
				float[] x = slices.get(i).image();
				images.add(augmented && augmentation != null ? IntensityAugmentation.apply(IntensityAugmentation.sample(augmentation), x, size, size) : x);
			}
			return stack(manager, images, size);
		}

		/** Features of {@code input} through the graph, BatchNorm in training mode (its statistics updated). */
		NDArray training(NDArray input) {
			net.countBatch();
			return net.forward(ps, new NDList(input), true).singletonOrThrow();
		}
	}

	/** Slices of side {@code size} as one (B, 1, S, S) array. */
	private static NDArray stack(NDManager manager, List<float[]> images, int size) {
		int plane = size * size;
		float[] x = new float[images.size() * plane];
		for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, x, i * plane, plane);
		return manager.create(x, new Shape(images.size(), 1, size, size));
	}

	/**
	 * The Mean Teacher's network (a copy of the student to begin with) and its supply of unlabelled batches: passes
	 * over the unlabelled slices in a fresh random order each, every slice with independent noise for student and
	 * teacher. Its own random stream, so the labelled batches are those of a run without Mean Teacher.
	 */
	private static final class Teacher {

		final Pix2RepNet net;
		private final NDManager manager;
		private final List<float[]> unlabelled;
		private final int size;
		private final Random rng;
		private final List<Integer> order = new ArrayList<>();
		private int next;

		Teacher(Pix2RepNet student, NDManager manager, List<float[]> unlabelled, int size, long seed) {
			this.manager = manager;
			this.unlabelled = unlabelled;
			this.size = size;
			rng = new Random(seed ^ 0x4D65616E54L);
			for (int i = 0; i < unlabelled.size(); i++) order.add(i);
			next = order.size();
			net = new Pix2RepNet(student.config());
			net.initialize(manager);
			net.blendFrom(student, 0);
		}

		/** The next {@code b} unlabelled slices twice: the student's noisy input and the teacher's. */
		NDList draw(int b) {
			List<float[]> student = new ArrayList<>(), teacher = new ArrayList<>();
			for (int i = 0; i < b; i++) {
				if (next == order.size()) {
					Collections.shuffle(order, rng);
					next = 0;
				}
				float[] x = unlabelled.get(order.get(next++));
				student.add(MeanTeacher.noisy(x, rng));
				teacher.add(MeanTeacher.noisy(x, rng));
			}
			return new NDList(stack(manager, student, size), stack(manager, teacher, size));
		}
	}

	private static Pix2RepModel model(Request r, Pix2RepModel pretrained, Pix2RepPreprocessing preprocessing, Pix2RepConfig config,
		List<String> classNames, Map<String, Tensor> weights, Map<String, Object> source, int bestEpoch, int epochsRun, double best,
		List<Double> epochLosses, List<Double> validationLosses, Map<String, Object> meanTeacher, List<Double> consistencyLosses, long start,
		Device device)
	{
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("source", "Pix2Rep head trained by LabelFit: " + r.recipe());
		p.put("command", r.command());
		p.put("mode", r.probe() ? "probe" : "finetune");
		p.put("from_scratch", r.fromScratch());
		p.putAll(source);
		p.put("loss", "soft Dice with softmax, background included (MONAI DiceLoss, smooth 1e-5), unlabelled pixels ignored");
		p.put("optimizer", r.probe() ? "Adam on the head only; backbone frozen in eval mode"
			: "Adam on the backbone and Adam on the head; BatchNorm in training mode");
		p.put("head_learning_rate", r.headRate());
		if (!r.probe()) p.put("backbone_learning_rate", r.backboneRate());
		p.put("intensity_augmentation", r.augments() ? "the pretraining's intensity pipeline on every training slice" : "none");
		p.put("batch", r.batch());
		p.put("epochs", r.epochs());
		p.put("epochs_run", epochsRun);
		p.put("seed", r.seed());
		p.put("best_epoch", bestEpoch);
		p.put("best_validation_loss", best);
		p.put("epoch_losses", new ArrayList<>(epochLosses));
		p.put("validation_losses_every_" + VALIDATE_EVERY + "_epochs", new ArrayList<>(validationLosses));
		if (meanTeacher != null) {
			Map<String, Object> m = new LinkedHashMap<>(meanTeacher);
			m.put("consistency_losses", new ArrayList<>(consistencyLosses));
			p.put("mean_teacher", m);
		}
		p.put("training_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
		p.put("device", device.toString());
		p.put("labelfit_version", Version.get());
		p.put("created", Instant.now().toString());
		if (pretrained != null) p.put("pretrained_provenance", pretrained.provenance());
		return new Pix2RepModel(config, false, preprocessing, classNames, weights, p);
	}
}
