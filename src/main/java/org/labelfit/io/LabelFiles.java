package org.labelfit.io;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.image.LabelImages;

/** Label outputs as every method writes them: one planned file per input, label images with LUT, names and overlay. */
public final class LabelFiles {

	private LabelFiles() {}

	/** An input image and the label file it becomes. */
	public record Job(Path input, Path output) {}

	/**
	 * Plans the outputs for a file, folder or glob of inputs: a single input file goes to {@code output}
	 * when that names an image file (not a folder), others to {@code output/<name>_labels.tif|.nii|.nii.gz}. Every output is
	 * checked before any work starts: writable, not an input, not existing unless overwriting.
	 */
	public static List<Job> plan(String input, Path output, boolean overwrite) {
		List<Path> inputs = ImagePairs.list(input);
		if (inputs.isEmpty()) throw new LabelFitException("no images found in " + input);
		List<Job> jobs = new ArrayList<>();
		// one input file goes to a file output; an output without an image extension is a folder
		if (inputs.size() == 1 && Files.isRegularFile(Path.of(input)) && !Files.isDirectory(output) && ImageFiles.isSupported(output))
			jobs.add(new Job(inputs.get(0), output));
		else {
			OutputFiles.requireFolder(output);
			for (Path in : inputs) jobs.add(new Job(in, output.resolve(OutputFiles.labelName(in))));
		}
		for (Job j : jobs) {
			if (j.input().toAbsolutePath().normalize().equals(j.output().toAbsolutePath().normalize()))
				throw new LabelFitException("output " + j.output() + " would overwrite its input");
			OutputFiles.requireWritable(j.output(), overwrite);
		}
		return jobs;
	}

	/** The label image a user sees: 16-bit, categorical LUT, class names, calibrated for a grid {@code scale}× finer than the image's. */
	public static ImagePlus labelImage(Img<UnsignedShortType> labels, List<String> classNames, List<Color> colors, String title,
		double[] spacing, double scale)
	{
		Calibration cal = new Calibration();
		cal.pixelWidth = spacing[0] / scale;
		cal.pixelHeight = spacing[1] / scale;
		if (spacing.length > 2) cal.pixelDepth = spacing[2] / scale;
		return LabelImages.labelImage(labels, classNames, colors, title, cal);
	}

	/** Writes labels of {@code image}: NIfTI with the image's geometry, else a label TIFF with LUT, class names and overlay. */
	public static void write(Path out, Img<UnsignedShortType> labels, ImageData image, List<String> classNames, List<Color> colors,
		double scale)
	{
		if (OutputFiles.isNifti(out)) ImageFiles.writeLabels(out, labels, image);
		else {
			ImagePlus imp = labelImage(labels, classNames, colors, ImageFiles.baseName(out), image.spacing(), scale);
			imp.setOverlay(LabelImages.overlay(labels, classNames, colors));
			ImageFiles.writeImage(out, imp);
		}
	}
}
