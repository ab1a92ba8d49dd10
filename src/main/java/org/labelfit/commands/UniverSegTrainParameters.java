package org.labelfit.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;
import org.labelfit.universeg.UniverSeg;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegTrainer;

/**
 * The options of "UniverSeg Train", shared by {@link UniverSegTrainCommand} and {@link UniverSegTrainPlugin}, and the
 * call into {@link UniverSeg#train}.
 *
 * @param data dataset folders, each with images/ and labels/, separated by semicolons (or by commas when there is no
 *        semicolon, so that a folder whose name has a comma can still be given)
 * @param gridSize square grid side (macro key grid_size: "size" would also match "support_size=", see {@link PluginOptions})
 * @param checkpointEvery steps between checkpoints written to {@code model}; 0 for the end only
 */
public record UniverSegTrainParameters(String data, File model, String imageSuffix, String labelSuffix, int supportSize, int steps,
	double syntheticFraction, int width, int gridSize, double learningRate, int checkpointEvery, long seed, String device, boolean overwrite)
{

	/** Trains and saves the model at {@link #model()}; checks the options and the output before training starts. */
	public UniverSegModel train(Progress progress, LossHistory history) {
		List<String> folders = folders(data);
		if (folders.isEmpty() && syntheticFraction < 1)
			throw new LabelFitException("data= is required: one or more dataset folders with images/ and labels/, separated by semicolons");
		for (String folder : folders)
			if (!Files.isDirectory(Path.of(folder))) throw new LabelFitException("data folder " + folder + " does not exist");
		if (model == null || model.getPath().isBlank()) throw new LabelFitException("model= is required: the model file to write");
		UniverSegTrainer.Request request = new UniverSegTrainer.Request(folders, orNull(imageSuffix), orNull(labelSuffix), supportSize, steps,
			syntheticFraction, width, gridSize, learningRate, seed, checkpointEvery, device, macroCall());
		return UniverSeg.train(request, model.toPath(), overwrite, progress, history);
	}

	/** The folders of a data= value: split at semicolons, or at commas when there is no semicolon; blanks dropped. */
	static List<String> folders(String data) {
		if (data == null || data.isBlank()) return List.of();
		return Arrays.stream(data.split(data.contains(";") ? ";" : ",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}

	private static String orNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}

	/** The macro call that repeats this run, recorded in the model as its provenance. */
	String macroCall() {
		return new MacroCall(LabelFitMacros.UNIVERSEG_TRAIN).add("data", data).add("model", model.getPath()).add("image_suffix", imageSuffix)
			.add("label_suffix", labelSuffix).add("support_size", supportSize).add("steps", steps).add("synthetic_fraction", syntheticFraction)
			.add("width", width).add("grid_size", gridSize).add("learning_rate", learningRate).add("checkpoint_every", checkpointEvery)
			.add("seed", seed).add("device", device).toString();
	}
}
