package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

import org.labelfit.LabelFitException;

/**
 * The macro command "Evaluate Segmentation"; see {@link LabelFitMacros}. prediction= and ground_truth= each name
 * an open image (its title) or a label file. Shows the "LabelFit Dice" table (with a display), logs the summary
 * and, with results_file=, saves the table (.csv) or the metrics as JSON (.json), which is how a headless batch run
 * keeps them.
 */
public class EvaluatePlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		// defaults for the dialog: the two most recent images
		int[] ids = WindowManager.getIDList();
		String current = title(ids, 1), other = title(ids, 2);
		PluginOptions o = new PluginOptions(LabelFitMacros.EVALUATE);
		o.addString("prediction", current, 30);
		o.addString("ground_truth", other, 30);
		o.addNumber("classes", 0, 0);
		o.addFile("results_file", "");
		o.addCheckbox("overwrite", false);
		o.addMessage("prediction, ground_truth: an open image's title or a label file; classes 0 counts them");
		if (!o.show()) return;
		SegmentationEvaluation.Labels prediction = labels(o.nextString(), "prediction");
		SegmentationEvaluation.Labels truth = labels(o.nextString(), "ground_truth");
		SegmentationEvaluation e = SegmentationEvaluation.evaluate(prediction, truth, o.nextInt());
		String results = o.nextString();
		e.save(results.isEmpty() ? null : new File(results), o.nextBoolean());
		IJ.log(String.format("LabelFit: %s vs %s: mean foreground Dice %.4f, generalised Dice %.4f", prediction.name(), truth.name(),
			e.metrics().meanForegroundDice(), e.metrics().generalizedDice()));
		if (!GraphicsEnvironment.isHeadless()) e.table().show(SegmentationEvaluation.TABLE_TITLE);
	}

	private static String title(int[] ids, int fromEnd) {
		if (ids == null || ids.length < fromEnd) return "";
		ImagePlus imp = WindowManager.getImage(ids[ids.length - fromEnd]);
		return imp == null ? "" : imp.getTitle();
	}

	/** An open image with this title, else a label file at this path. */
	private static SegmentationEvaluation.Labels labels(String spec, String key) {
		if (spec.isEmpty()) throw new LabelFitException(key + "= is required: an open image's title or a label file");
		ImagePlus imp = WindowManager.getImage(spec);
		if (imp != null) return SegmentationEvaluation.Labels.of(imp);
		Path file = Path.of(spec);
		if (Files.isRegularFile(file)) return SegmentationEvaluation.Labels.read(file);
		throw new LabelFitException(key + ": no open image is titled '" + spec + "' and no such file exists");
	}

	@Override
	String title() {
		return LabelFitMacros.EVALUATE;
	}
}
