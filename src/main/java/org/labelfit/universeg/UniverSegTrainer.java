package org.labelfit.universeg;

import java.util.List;

import org.labelfit.LabelFitException;

/** Episodic UniverSeg training; see {@link Request} for what a run takes. */
public final class UniverSegTrainer {

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
		}

		/** The defaults documented in docs/universeg-training.md, for the given data and output. */
		public static Request defaults(List<String> datasets) {
			return new Request(datasets, null, null, 8, 2000, 0.25, 64, UniverSegConfig.SIZE, 1e-4, 42, 250, "auto", "");
		}
	}
}
