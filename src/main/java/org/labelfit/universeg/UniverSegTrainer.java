package org.labelfit.universeg;

import java.time.Instant;
import java.util.ArrayList;
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
import ai.djl.nn.Activation;

import org.labelfit.LabelFitException;
import org.labelfit.Version;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.train.Adam;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;
import org.labelfit.universeg.episodes.AugmentationSettings;
import org.labelfit.universeg.episodes.Episode;
import org.labelfit.universeg.episodes.Episodes;
import org.labelfit.universeg.episodes.SyntheticTasks;
import org.labelfit.engine.NonFinite;

/**
 * Episodic UniverSeg training from scratch (the authors released none): each step draws a synthetic
 * task with probability {@code syntheticFraction}, else a real task, a query and S support examples;
 * applies one task augmentation to all of them and in-task augmentation to each; and takes one Adam
 * step on soft Dice + binary cross-entropy of the query's logits. Every hyperparameter is in the
 * {@link Request} and recorded in the model; docs/universeg-training.md explains the choices.
 */
public final class UniverSegTrainer {

	/** Soft Dice smoothing, so an empty mask and an empty prediction give loss 0, not NaN. */
	static final float DICE_SMOOTH = 1f;
	/** Steps over which the logged loss is averaged. */
	private static final int LOG_WINDOW = 25;

	private UniverSegTrainer() {}

	/**
	 * One training run.
	 *
	 * @param datasets folders, each holding {@code images/} and {@code labels/} paired by name; every label of every
	 *        dataset is one binary task
	 * @param supportSize S per episode
	 * @param steps optimiser steps (one episode each)
	 * @param syntheticFraction share of episodes that are synthetic tasks, 0..1
	 * @param width channels of every block (64 is v1)
	 * @param size square grid side (128 is v1's)
	 * @param checkpointEvery steps between checkpoints written to the output model (0: only at the end)
	 * @param command how the run was started, recorded in the model
	 */
	public record Request(List<String> datasets, String imageSuffix, String labelSuffix, int supportSize, int steps,
		double syntheticFraction, int width, int size, double learningRate, long seed, int checkpointEvery, String device, String command)
	{

		public Request {
			datasets = datasets == null ? List.of() : List.copyOf(datasets);
			if (supportSize < 1 || supportSize > 256) throw new LabelFitException("support size must be between 1 and 256, got " + supportSize);
			if (steps < 1) throw new LabelFitException("steps must be 1 or more, got " + steps);
			if (!(syntheticFraction >= 0 && syntheticFraction <= 1))
				throw new LabelFitException("synthetic fraction must be between 0 and 1, got " + syntheticFraction);
			if (datasets.isEmpty() && syntheticFraction < 1)
				throw new LabelFitException("no training data: give at least one dataset folder, or train on synthetic tasks only (fraction 1)");
			if (!(learningRate > 0 && learningRate < 1)) throw new LabelFitException("learning rate must be between 0 and 1, got " + learningRate);
			if (checkpointEvery < 0) throw new LabelFitException("checkpoint interval must be 0 or more, got " + checkpointEvery);
			if (size < SyntheticTasks.MIN_SIZE || size % 8 != 0 || size > 512)
				throw new LabelFitException("grid size must be a multiple of 8 between " + SyntheticTasks.MIN_SIZE + " and 512, got " + size);
		}
	}

	/**
	 * Trains and returns the final model; {@code checkpoint} receives the model every
	 * {@code checkpointEvery} steps. Throws {@link org.labelfit.train.CancelledException} when cancelled.
	 */
	static UniverSegModel train(Request r, Device device, Progress progress, LossHistory history, Consumer<UniverSegModel> checkpoint) {
		long start = System.nanoTime();
		UniverSegConfig config = UniverSegConfig.uniform(r.width(), 4);
		TaskCollection tasks = TaskCollection.load(r.datasets(), r.imageSuffix(), r.labelSuffix(), r.size(), progress);
		double synthetic = tasks.tasks().isEmpty() ? 1 : r.syntheticFraction();
		progress.log("UniverSeg training: " + tasks.tasks().size() + " tasks from " + r.datasets().size() + " datasets, " +
			Math.round(100 * synthetic) + "% synthetic episodes, S = " + r.supportSize() + ", " + config.parameterCount() + " parameters");
		AugmentationSettings augmentation = AugmentationSettings.defaults();
		Random rng = new Random(r.seed());
		List<Double> logged = new ArrayList<>();
		try (NDManager manager = Engines.newManager(device);
			UniverSegNet net = new UniverSegNet(config, UniverSegNet.initialWeights(config, r.seed()), manager);
			Adam adam = new Adam(r.learningRate()))
		{
			net.attachGradients();
			NDList params = net.parameters();
			Meter meter = new Meter(progress, "UniverSeg training", r.steps());
			double windowSum = 0;
			for (int step = 1; step <= r.steps(); step++) {
				Episode e = rng.nextDouble() < synthetic ? SyntheticTasks.generate(rng, r.size(), r.supportSize())
					: tasks.sample(rng, r.supportSize());
				double loss = step(net, manager, adam, params, Episodes.augment(e, rng, augmentation));
				NonFinite.checkLoss("UniverSeg training", "step", step, loss);
				windowSum += loss;
				if (step % LOG_WINDOW == 0 || step == r.steps()) {
					int n = step % LOG_WINDOW == 0 ? LOG_WINDOW : step % LOG_WINDOW;
					history.add("training loss (Dice + BCE)", step, windowSum / n);
					logged.add(windowSum / n);
					windowSum = 0;
				}
				meter.step(loss);
				if (r.checkpointEvery() > 0 && step % r.checkpointEvery() == 0 && step < r.steps())
					checkpoint.accept(model(r, config, net, tasks, step, logged, start, device));
			}
			return model(r, config, net, tasks, r.steps(), logged, start, device);
		}
	}

	/** One episode: forward, soft Dice + BCE, backward, Adam; every intermediate freed before returning. */
	private static double step(UniverSegNet net, NDManager manager, Adam adam, NDList params, Episode e) {
		int n = e.size(), s = e.supportSize(), plane = n * n;
		float[] images = new float[s * plane], masks = new float[s * plane];
		for (int j = 0; j < s; j++) {
			System.arraycopy(e.supportImages().get(j), 0, images, j * plane, plane);
			System.arraycopy(e.supportMasks().get(j), 0, masks, j * plane, plane);
		}
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray loss;
			try (Autograd recording = Autograd.record()) {
				NDArray logits = net.forward(manager.create(e.query(), new Shape(1, 1, n, n)), manager.create(images, new Shape(1, s, 1, n, n)),
					manager.create(masks, new Shape(1, s, 1, n, n)));
				loss = loss(logits, manager.create(e.queryMask(), new Shape(1, 1, n, n)));
				Autograd.backward(loss);
			}
			adam.update(params);
			return loss.getFloat();
		}
	}

	/**
	 * Soft Dice (smoothing 1, over all pixels) plus binary cross-entropy (mean over pixels) of logits
	 * against a target in [0, 1]; BCE in the stable form max(x, 0) − x·y + log(1 + e^−|x|).
	 */
	static NDArray loss(NDArray logits, NDArray target) {
		NDArray p = Activation.sigmoid(logits);
		NDArray dice = p.mul(target).sum().mul(2f).add(DICE_SMOOTH).div(p.sum().add(target.sum()).add(DICE_SMOOTH)).neg().add(1f);
		NDArray bce = Activation.relu(logits).sub(logits.mul(target)).add(Activation.softPlus(logits.abs().neg())).mean();
		return dice.add(bce);
	}

	private static UniverSegModel model(Request r, UniverSegConfig config, UniverSegNet net, TaskCollection tasks, int steps,
		List<Double> logged, long start, Device device)
	{
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("source", "trained by LabelFit");
		p.put("command", r.command());
		p.put("datasets", r.datasets());
		p.put("tasks", tasks.tasks().stream().map(TaskCollection.Task::name).toList());
		p.put("support_size", r.supportSize());
		p.put("steps", r.steps());
		p.put("steps_done", steps);
		p.put("synthetic_fraction", r.syntheticFraction());
		p.put("width", r.width());
		p.put("size", r.size());
		p.put("optimizer", "Adam(beta1 0.9, beta2 0.999, eps 1e-8)");
		p.put("learning_rate", r.learningRate());
		p.put("batch", "1 episode");
		p.put("loss", "soft Dice (smoothing " + DICE_SMOOTH + ") + BCE on the query");
		p.put("augmentation", AugmentationSettings.defaults().toString());
		p.put("initialisation", "kaiming normal (official init.py), seed " + r.seed());
		p.put("seed", r.seed());
		p.put("loss_every_" + LOG_WINDOW + "_steps", new ArrayList<>(logged));
		p.put("training_seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
		p.put("device", device.toString());
		p.put("labelfit_version", Version.get());
		p.put("created", Instant.now().toString());
		return new UniverSegModel(config, r.size(), net.export(), null, p);
	}
}
