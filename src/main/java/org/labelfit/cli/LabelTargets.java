package org.labelfit.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** What a labelling command reads and where its label files go. */
public final class LabelTargets {

	@Option(names = "--input", required = true, paramLabel = "FILE|DIR|GLOB",
		description = "An image, a folder of images or a glob in the file name.")
	public String input;

	@Option(names = "--output", required = true, paramLabel = "FILE|DIR",
		description = "A label file for a single input image, else a folder (created if its parent exists).")
	public Path output;

	@Option(names = "--overwrite", description = "Replace existing output files.")
	public boolean overwrite;
}
