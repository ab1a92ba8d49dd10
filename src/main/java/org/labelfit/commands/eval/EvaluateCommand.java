package org.labelfit.commands.eval;

import java.awt.GraphicsEnvironment;
import java.io.File;

import ij.IJ;
import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.LabelFitException;
import org.labelfit.commands.LabelFitMacros;

/**
 * "Evaluate Segmentation": a prediction against the ground truth, each an open image or a label file (a file, when
 * given, wins). Outputs the metrics as JSON, logs the summary and, with a display, shows the "LabelFit Dice" table;
 * with results_file it saves the table (.csv) or the JSON (.json), which is how a headless batch run keeps them.
 */
@Plugin(type = Command.class, label = LabelFitMacros.EVALUATE, menuPath = "Plugins>LabelFit>Evaluate Segmentation...", headless = true,
	visible = false, description = "prediction, ground_truth: an open image or, in a macro, a label file; classes 0 counts them")
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
		SegmentationEvaluation.Labels prediction = labels(this.prediction, prediction_file, "prediction");
		SegmentationEvaluation.Labels truth = labels(ground_truth, ground_truth_file, "ground_truth");
		SegmentationEvaluation e = SegmentationEvaluation.evaluate(prediction, truth, classes);
		e.save(results_file, overwrite);
		json = e.json();
		IJ.log(String.format("LabelFit: %s vs %s: mean foreground Dice %.4f, generalised Dice %.4f", prediction.name(), truth.name(),
			e.metrics().meanForegroundDice(), e.metrics().generalizedDice()));
		if (!GraphicsEnvironment.isHeadless()) e.table().show(SegmentationEvaluation.TABLE_TITLE);
	}

	private static SegmentationEvaluation.Labels labels(ImagePlus image, File file, String key) {
		if (file != null) return SegmentationEvaluation.Labels.read(file.toPath());
		if (image != null) return SegmentationEvaluation.Labels.of(image);
		throw new LabelFitException(key + " is required: an image or a file (" + key + "_file)");
	}
}
