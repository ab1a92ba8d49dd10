package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.LabelFitException;

/**
 * "Evaluate Segmentation" as a SciJava command (scripting API; the menu item is the macro command, see
 * {@link LabelFitMacros}): open images or label files. Outputs the metrics as JSON and, with a display, shows the
 * "LabelFit Dice" table.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>Evaluate Segmentation...", headless = true, visible = false)
public class EvaluateCommand implements Command {

	@Parameter(label = "Prediction", required = false, persist = false)
	private ImagePlus prediction;

	@Parameter(label = "Ground truth", required = false, persist = false)
	private ImagePlus ground_truth;

	@Parameter(label = "Or prediction file", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File prediction_file;

	@Parameter(label = "Or ground truth file", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File ground_truth_file;

	@Parameter(label = "Classes incl. background (0 = from the labels)", min = "0", persist = false)
	private int classes;

	@Parameter(label = "Save results (.csv or .json)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File results_file;

	@Parameter(label = "Overwrite an existing results file", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Metrics (JSON)")
	private String json;

	@Override
	public void run() {
		SegmentationEvaluation e = SegmentationEvaluation.evaluate(labels(prediction, prediction_file, "prediction"),
			labels(ground_truth, ground_truth_file, "ground_truth"), classes);
		e.save(results_file, overwrite);
		json = e.json();
		if (!GraphicsEnvironment.isHeadless()) e.table().show(SegmentationEvaluation.TABLE_TITLE);
	}

	private static SegmentationEvaluation.Labels labels(ImagePlus image, File file, String key) {
		if (image != null) return SegmentationEvaluation.Labels.of(image);
		if (file != null) return SegmentationEvaluation.Labels.read(file.toPath());
		throw new LabelFitException(key + " is required: an image or a file (" + key + "_file)");
	}
}
