package org.labelfit.pix2rep;

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
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.labelfit.Choice;
import org.labelfit.LabelFitException;
import org.labelfit.Version;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.NonFinite;
import org.labelfit.model.Tensor;
import org.labelfit.train.Adam;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * Pix2Rep self-supervised pretraining (spec §3–§4, docs/pix2rep.md): per batch, two independently
 * intensity-augmented views of each slice, view 2 warped by a random affine T; the projected features of view 1
 * warped by the same T must match those of view 2 pixel by pixel, under NT-Xent over N shared random pixels
 * (Pix2Rep) or Barlow Twins on the same pairs (Pix2Rep-v2). Adam; a tenth of the slices held out, and the
 * weights of the lowest validation loss kept.
 */
public final class Pix2RepPretrainer {

	/** Official: validation every 5 epochs (and here also after the last). */
	static final int VALIDATE_EVERY = 5;

	public enum Loss {
		INFONCE, BARLOW;

		/** The loss named "infonce" or "barlow" (any case), as the command line and the macros spell it. */
		public static Loss of(String name) {
			return Choice.of(Loss.class, "loss", name);
		}
	}

	/**
	 * Barlow Twins' off-diagonal weight for the 256-dimensional projection: 1/D, which gives the D(D − 1) off-diagonal
	 * terms about the weight of the D diagonal ones (the original 5e-3 was for D = 8192; docs/pix2rep.md).
	 */
	public static final double BARLOW_LAMBDA = 1.0 / Pix2RepConfig.PROJECTION;

	/**
	 * One run; {@code images} are files, folders or globs, or for images already in memory their names (provenance
	 * only). {@code barlowLambda} weighs the off-diagonal term of Barlow Twins (unused by InfoNCE).
	 */
	public record Request(List<String> images, int width, int features, Loss loss, int epochs, int batch, int pixels, double temperature,
		double learningRate, double barlowLambda, int size, long seed, String device, String command, Pix2RepPreprocessing.Interpolation interpolation,
		Pix2RepPreprocessing.Crop crop)
	{

		/** Bilinear, no crop. */
		public Request(List<String> images, int width, int features, Loss loss, int epochs, int batch, int pixels, double temperature,
			double learningRate, double barlowLambda, int size, long seed, String device, String command)
		{
			this(images, width, features, loss, epochs, batch, pixels, temperature, learningRate, barlowLambda, size, seed, device, command, null,
				null);
		}

		public Request {
			images = images == null ? List.of() : List.copyOf(images);
			if (images.isEmpty()) throw new LabelFitException("no images given: pretraining needs unlabelled images (--images DIR|GLOB)");
			new Pix2RepConfig(width, features, 0);
			if (epochs < 1) throw new LabelFitException("epochs must be 1 or more, got " + epochs);
			if (batch < 1 || batch > 1024) throw new LabelFitException("batch must be between 1 and 1024, got " + batch);
			if (pixels < 1) throw new LabelFitException("pixels must be 1 or more, got " + pixels);
			if (!(temperature > 0 && temperature <= 100)) throw new LabelFitException("temperature must be in (0, 100], got " + temperature);
			if (!(learningRate > 0 && learningRate < 1)) throw new LabelFitException("learning rate must be between 0 and 1, got " + learningRate);
			if (!(barlowLambda >= 0 && barlowLambda <= 1)) throw new LabelFitException("Barlow λ must be between 0 and 1, got " + barlowLambda);
			Pix2RepPreprocessing.requireSize(size);
			if (batch == 1 && size == Pix2RepConfig.DIVISOR)
				throw new LabelFitException("batch must be 2 or more at size " + size + ": the 1×1 bottleneck leaves BatchNorm one value per channel");
		}

		public Pix2RepPreprocessing preprocessing() {
			return new Pix2RepPreprocessing(size, interpolation, crop);
		}
	}

	private Pix2RepPretrainer() {}

	/** Trains and returns the model of the lowest validation loss; {@code improved} receives each new best. */
	static Pix2RepModel train(Request r, List<float[]> slices, Device device, Progress progress, LossHistory history,
		Consumer<Pix2RepModel> improved)
	{
		if (slices.size() < 2) throw new LabelFitException("pretraining needs at least 2 slices (one is held out for validation), got " + slices.size());
		long start = System.nanoTime();
		Random rng = new Random(r.seed());
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < slices.size(); i++) order.add(i);
		Collections.shuffle(order, rng);
		int held = Math.max(1, Math.round(slices.size() / 10f));
		List<float[]> validation = order.subList(0, held).stream().map(slices::get).toList();
		List<float[]> training = order.subList(held, order.size()).stream().map(slices::get).toList();
		if (training.size() < 2 && r.size() == Pix2RepConfig.DIVISOR)
			throw new LabelFitException("pretraining at size " + r.size() + " needs at least 3 slices (BatchNorm needs 2 per batch at the 1×1 " +
				"bottleneck, one is held out), got " + slices.size() + "; add slices or use a larger size");
		Pix2RepConfig config = new Pix2RepConfig(r.width(), r.features(), 0);
		progress.log("Pix2Rep pretraining (" + r.loss().name().toLowerCase() + "): " + training.size() + " training and " + validation.size() +
			" validation slices, " + config + ", " + config.parameterCount() + " backbone parameters");
		Engines.seed(r.seed());
		Pix2RepNet net = new Pix2RepNet(config);
		int perEpoch = batches(training, r.batch(), r.size()).size();
		double best = Double.POSITIVE_INFINITY;
		Map<String, Tensor> bestWeights = null;
		int bestEpoch = 0;
		List<Double> epochLosses = new ArrayList<>(), validationLosses = new ArrayList<>();
		try (NDManager manager = Engines.newManager(device); Adam adam = new Adam(r.learningRate())) {
			net.initialize(manager);
			ParameterStore ps = new ParameterStore(manager, false);
			NDList params = new NDList();
			for (Parameter p : net.trainableParameters(true, false).values()) params.add(p.getArray());
			Meter meter = new Meter(progress, "Pix2Rep pretraining", (long) r.epochs() * perEpoch);
			long step = 0;
			List<float[]> shuffled = new ArrayList<>(training);
			for (int epoch = 1; epoch <= r.epochs(); epoch++) {
				Collections.shuffle(shuffled, rng);
				double sum = 0;
				for (List<float[]> batch : batches(shuffled, r.batch(), r.size())) {
					double loss = step(net, ps, manager, adam, params, r, batch, rng);
					NonFinite.checkLoss("Pix2Rep pretraining", "step", ++step, loss);
					sum += loss;
					meter.step(loss);
				}
				epochLosses.add(sum / perEpoch);
				history.add("training loss", epoch, sum / perEpoch);
				if (epoch % VALIDATE_EVERY == 0 || epoch == r.epochs()) {
					double v = validate(net, ps, manager, r, validation);
					meter.checkCancelled();
					validationLosses.add(v);
					history.add("validation loss", epoch, v);
					progress.log(String.format("epoch %d: training loss %.4f, validation loss %.4f", epoch, sum / perEpoch, v));
					if (v < best) {
						best = v;
						bestEpoch = epoch;
						bestWeights = net.export(true);
						improved.accept(model(r, config, bestWeights, epoch, best, epochLosses, validationLosses, start, device));
					}
				}
			}
		}
		return model(r, config, bestWeights, bestEpoch, best, epochLosses, validationLosses, start, device);
	}

	/** One optimiser step on {@code batch} (views, loss, backward, Adam on {@code params}); returns the loss. */
	static double step(Pix2RepNet net, ParameterStore ps, NDManager manager, Adam adam, NDList params, Request r, List<float[]> batch, Random rng) {
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray l;
			try (Autograd recording = Autograd.record()) {
				l = loss(net, ps, manager, r, batch, rng, true);
				Autograd.backward(l);
			}
			adam.update(params);
			return l.getFloat();
		}
	}

	/**
	 * The slices in batches of {@code batch}. At the smallest grid (32) the bottleneck is 1×1, and a last batch of
	 * one slice would leave BatchNorm one value per channel, which PyTorch refuses to train on: it joins the previous one.
	 */
	static <T> List<List<T>> batches(List<T> slices, int batch, int size) {
		List<List<T>> out = new ArrayList<>();
		for (int from = 0; from < slices.size(); from += batch) out.add(slices.subList(from, Math.min(slices.size(), from + batch)));
		if (out.size() > 1 && out.get(out.size() - 1).size() == 1 && size == Pix2RepConfig.DIVISOR) {
			out.remove(out.size() - 1);
			out.set(out.size() - 1, slices.subList(slices.size() - 1 - out.get(out.size() - 1).size(), slices.size()));
		}
		return out;
	}

	/** The validation loss with the same augmentation draws every time (BatchNorm on running statistics), so evaluations compare. */
	private static double validate(Pix2RepNet net, ParameterStore ps, NDManager manager, Request r, List<float[]> validation) {
		Random fixed = new Random(r.seed() ^ 0x5DEECE66DL);
		double sum = 0;
		int batches = 0;
		try (Autograd noGraph = Autograd.pause()) {
			for (int from = 0; from < validation.size(); from += r.batch()) {
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					sum += loss(net, ps, manager, r, validation.subList(from, Math.min(validation.size(), from + r.batch())), fixed, false).getFloat();
				}
				batches++;
			}
		}
		return sum / batches;
	}

	/** The loss of one batch: views, warp, projected features, the shared pixel sample, the objective. */
	static NDArray loss(Pix2RepNet net, ParameterStore ps, NDManager manager, Request r, List<float[]> batch, Random rng, boolean training) {
		int b = batch.size(), s = r.size(), plane = s * s;
		float[] view1 = new float[b * plane], view2 = new float[b * plane];
		for (int i = 0; i < b; i++) {
			System.arraycopy(IntensityAugmentation.apply(IntensityAugmentation.sample(rng), batch.get(i), s, s), 0, view1, i * plane, plane);
			System.arraycopy(IntensityAugmentation.apply(IntensityAugmentation.sample(rng), batch.get(i), s, s), 0, view2, i * plane, plane);
		}
		double[][] theta = SpatialAugmentation.sample(rng, b);
		view2 = AffineWarp.full(theta, s, s).apply(view2);
		int[] pixels = samplePixels(rng, b * plane, r.pixels());
		Shape shape = new Shape(b, 1, s, s);
		NDArray p1 = project(net, ps, manager.create(view1, shape), training), p2 = project(net, ps, manager.create(view2, shape), training);
		// warping only the sampled pixels of view 1's projection gives the same vectors as warping the whole map
		NDArray z1 = new AffineWarp(theta, s, s, pixels).apply(Pix2RepLoss.pixelRows(p1));
		NDArray z2 = Pix2RepLoss.pixelRows(p2).get(manager.create(toLong(pixels)));
		return r.loss() == Loss.INFONCE ? Pix2RepLoss.ntXent(Pix2RepLoss.normalise(z1), Pix2RepLoss.normalise(z2), r.temperature())
			: Pix2RepLoss.barlowTwins(z1, z2, r.barlowLambda());
	}

	private static NDArray project(Pix2RepNet net, ParameterStore ps, NDArray x, boolean training) {
		if (training) net.countBatch();
		return net.project(ps, net.forward(ps, new NDList(x), training).singletonOrThrow(), training);
	}

	/** N = min(pixels, total) distinct indices, a prefix of a random permutation as the official randperm. */
	static int[] samplePixels(Random rng, int total, int pixels) {
		int n = Math.min(pixels, total);
		int[] perm = new int[total];
		for (int i = 0; i < total; i++) perm[i] = i;
		for (int i = 0; i < n; i++) {
			int j = i + rng.nextInt(total - i);
			int t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		return Arrays.copyOf(perm, n);
	}

	private static long[] toLong(int[] v) {
		long[] out = new long[v.length];
		for (int i = 0; i < v.length; i++) out[i] = v[i];
		return out;
	}

	private static Pix2RepModel model(Request r, Pix2RepConfig config, Map<String, Tensor> weights, int epoch, double validationLoss,
		List<Double> epochLosses, List<Double> validationLosses, long start, Device device)
	{
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("source", "pretrained by LabelFit (Pix2Rep" + (r.loss() == Loss.BARLOW ? "-v2, Barlow Twins" : ", NT-Xent") + ")");
		p.put("command", r.command());
		p.put("images", r.images());
		p.put("loss", r.loss() == Loss.INFONCE ? "NT-Xent, temperature " + r.temperature() : "Barlow Twins, lambda " + r.barlowLambda());
		p.put("pixels", r.pixels());
		p.put("epochs", r.epochs());
		p.put("batch", r.batch());
		p.put("optimizer", "Adam(beta1 0.9, beta2 0.999, eps 1e-8), backbone + projection head");
		p.put("learning_rate", r.learningRate());
		p.put("augmentation", "official intensity pipeline per view; view 2: rotation ±pi/2, zoom 0.33-0.95 with translation, batch flips");
		p.put("seed", r.seed());
		p.put("best_epoch", epoch);
		p.put("best_validation_loss", validationLoss);
		p.put("epoch_losses", new ArrayList<>(epochLosses));
		p.put("validation_losses_every_" + VALIDATE_EVERY + "_epochs", new ArrayList<>(validationLosses));
		p.put("training_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
		p.put("device", device.toString());
		p.put("labelfit_version", Version.get());
		p.put("created", Instant.now().toString());
		return new Pix2RepModel(config, true, r.preprocessing(), List.of(), weights, p);
	}
}
