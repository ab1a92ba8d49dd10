package org.labelfit.commands.universeg;

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
 * UniverSeg training as both faces ask for it, "UniverSeg Train" in Fiji and {@code labelfit universeg train}: the
 * checks they share and the call into {@link UniverSeg#train}.
 *
 * @param folders dataset folders, each with images/ and labels/
 * @param gridSize square grid side (macro key grid_size: "size" would also match "support_size=")
 * @param checkpointEvery steps between checkpoints written to {@code model}; 0 for the end only
 * @param provenance how the run was asked for (a macro call, a command line), recorded in the model
 */
public record UniverSegTrainRequest(List<String> folders, Path model, String imageSuffix, String labelSuffix, int supportSize, int steps,
	double syntheticFraction, int width, int gridSize, double learningRate, int checkpointEvery, long seed, String device, boolean overwrite,
	String provenance)
{

	/** Trains and saves the model at {@link #model()}; checks the options and the output before training starts. */
	public UniverSegModel train(Progress progress, LossHistory history) {
		for (String folder : folders)
			if (!Files.isDirectory(Path.of(folder))) throw new LabelFitException("data folder " + folder + " does not exist");
		UniverSegTrainer.Request request = new UniverSegTrainer.Request(folders, orNull(imageSuffix), orNull(labelSuffix), supportSize, steps,
			syntheticFraction, width, gridSize, learningRate, seed, checkpointEvery, device, provenance);
		return UniverSeg.train(request, model, overwrite, progress, history);
	}

	/**
	 * The folders of a data= value: split at semicolons, or at commas when there is no semicolon (so that a folder whose
	 * name has a comma can still be given); blanks dropped.
	 */
	public static List<String> folders(String data) {
		if (data == null || data.isBlank()) return List.of();
		return Arrays.stream(data.split(data.contains(";") ? ";" : ",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}

	private static String orNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}
}
