package org.labelfit.commands.eval;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.labelfit.LabelFitException;
import org.labelfit.eval.ConfusionMatrix;
import org.labelfit.eval.SegmentationMetrics;
import org.labelfit.image.Images;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.OutputFiles;

/**
 * "Evaluate Segmentation" for {@link EvaluateCommand}: Dice and IoU per class, mean
 * foreground Dice and generalised Dice ({@link SegmentationMetrics}) of a prediction against the ground truth, both
 * open images or label files, as a results table and as JSON.
 */
final class SegmentationEvaluation {

	static final String TABLE_TITLE = "LabelFit Dice";

	/** A 2D or 3D label image as planes of unsigned 16-bit labels. */
	record Labels(String name, int width, int height, short[][] planes, List<String> classNames) {

		static Labels of(ImagePlus imp) {
			short[][] planes = Images.shortPlanes(Images.toLabelImg(imp));
			Object names = imp.getProp(LabelImages.CLASSES_PROPERTY);
			return new Labels(imp.getTitle(), imp.getWidth(), imp.getHeight(), planes,
				names == null ? null : Arrays.asList(names.toString().split(",")));
		}

		static Labels read(Path file) {
			ImageData data = ImageFiles.read(file);
			long[] d = data.dims();
			return new Labels(file.getFileName().toString(), (int) d[0], (int) d[1], data.labelPlanes(), null);
		}

		String size() {
			return width + "x" + height + (planes.length > 1 ? "x" + planes.length : "");
		}
	}

	private final SegmentationMetrics metrics;
	private final List<String> classNames;

	private SegmentationEvaluation(SegmentationMetrics metrics, List<String> classNames) {
		this.metrics = metrics;
		this.classNames = classNames;
	}

	/** @param classes classes including the background; 0 takes the largest label found + 1 (at least 2) */
	static SegmentationEvaluation evaluate(Labels prediction, Labels truth, int classes) {
		if (classes < 0) throw new LabelFitException("classes must be 0 (count them from the labels) or more, got " + classes);
		if (!prediction.size().equals(truth.size()))
			throw new LabelFitException("prediction " + prediction.name() + " is " + prediction.size() + " but ground truth " + truth.name()
				+ " is " + truth.size());
		int max = Math.max(maxLabel(prediction.planes()), maxLabel(truth.planes()));
		int n = classes > 0 ? classes : Math.max(2, max + 1);
		if (max >= n) throw new LabelFitException("label value " + max + " found, but only " + n + " classes (0.." + (n - 1) + ") were given");
		ConfusionMatrix counts = new ConfusionMatrix(n);
		for (int z = 0; z < truth.planes().length; z++) counts.add(prediction.planes()[z], truth.planes()[z]);
		List<String> names = truth.classNames() != null && truth.classNames().size() == n ? truth.classNames()
			: prediction.classNames() != null && prediction.classNames().size() == n ? prediction.classNames() : null;
		return new SegmentationEvaluation(SegmentationMetrics.of(counts), names);
	}

	SegmentationMetrics metrics() {
		return metrics;
	}

	String json() {
		return metrics.toJson(classNames);
	}

	/** One row per class (Label, class, Dice, IoU), then the mean foreground Dice and the generalised Dice. */
	ResultsTable table() {
		ResultsTable rt = new ResultsTable();
		for (int c = 0; c < metrics.numClasses(); c++) {
			rt.addRow();
			rt.addLabel(classNames == null ? c == 0 ? "background" : "class " + c : classNames.get(c));
			rt.addValue("class", c);
			rt.addValue("Dice", metrics.dice(c));
			rt.addValue("IoU", metrics.iou(c));
		}
		summaryRow(rt, "mean foreground Dice", metrics.meanForegroundDice());
		summaryRow(rt, "generalised Dice", metrics.generalizedDice());
		return rt;
	}

	private static void summaryRow(ResultsTable rt, String label, double dice) {
		rt.addRow();
		rt.addLabel(label);
		rt.addValue("class", "");
		rt.addValue("Dice", dice);
		rt.addValue("IoU", "");
	}

	/** Writes the table (.csv) or the JSON (.json); nothing for a null or blank file. */
	void save(File file, boolean overwrite) {
		if (file == null || file.getPath().isBlank()) return;
		Path out = file.toPath();
		String lower = out.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!lower.endsWith(".csv") && !lower.endsWith(".json"))
			throw new LabelFitException("results_file must end in .csv or .json, got " + out.getFileName());
		OutputFiles.requireWritable(out, overwrite);
		try {
			Files.writeString(out, lower.endsWith(".json") ? json() + "\n" : csv(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot write " + out + ": " + e.getMessage(), e);
		}
	}

	/** The table's rows at full precision. */
	private String csv() {
		ResultsTable rt = table();
		StringBuilder s = new StringBuilder("Label,class,Dice,IoU\n");
		for (int r = 0; r < metrics.numClasses(); r++)
			s.append('"').append(rt.getLabel(r)).append("\",").append(r).append(',').append(metrics.dice(r)).append(',')
				.append(metrics.iou(r)).append('\n');
		s.append("\"mean foreground Dice\",,").append(metrics.meanForegroundDice()).append(",\n");
		s.append("\"generalised Dice\",,").append(metrics.generalizedDice()).append(",\n");
		return s.toString();
	}

	private static int maxLabel(short[][] planes) {
		int max = 0;
		for (short[] p : planes) for (short v : p) max = Math.max(max, v & 0xffff);
		return max;
	}
}
