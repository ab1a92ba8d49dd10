package org.labelfit.cli;

import java.util.List;

import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;

/** The labelled data every training command reads: paired image and label files and the classes. */
public final class TrainingData {

	@Option(names = "--images", required = true, paramLabel = "SPEC", description = "Folder of images, or a glob in the file name.")
	public String images;

	@Option(names = "--labels", required = true, paramLabel = "SPEC", description = "Folder of label images, or a glob.")
	public String labels;

	@Option(names = "--image-suffix", paramLabel = "S", description = "Image names end with this before the extension (e.g. _img).")
	public String imageSuffix;

	@Option(names = "--label-suffix", paramLabel = "S", description = "Label names end with this before the extension (e.g. _gt).")
	public String labelSuffix;

	@Option(names = "--classes", paramLabel = "N",
		description = "Number of classes with background; 0 counts them from the labels. Default: ${DEFAULT-VALUE}.")
	public int classes;

	@Option(names = "--class-names", split = ",", paramLabel = "a,b,c", description = "Class names, background first.")
	public List<String> classNames;

	public void check() {
		if (classes < 0) throw new LabelFitException("--classes must not be negative, got " + classes);
	}
}
