package org.labelfit.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import org.labelfit.batch.BatchMethod;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.Shard;

/**
 * What a labelling command reads and where its label files go; every segment/label command runs them as one
 * {@link BatchJob} through {@link BatchRun}.
 */
public final class LabelTargets {

	@Option(names = "--input", required = true, paramLabel = "FILE|DIR|GLOB",
		description = "An image, a folder of images or a glob in the file name.")
	public String input;

	@Option(names = "--output", required = true, paramLabel = "FILE|DIR",
		description = "A label file for a single input image, else a folder (created if its parent exists). In a folder, existing " +
			"label files are skipped (a re-run resumes) and labelfit-manifest.csv lists every input.")
	public Path output;

	@Option(names = "--overwrite", description = "Replace existing output files.")
	public boolean overwrite;

	@Option(names = "--shard", paramLabel = "I/N",
		description = "Only every N-th input of the sorted list, starting with the I-th (1 <= I <= N): N array tasks cover all inputs once.")
	public String shard;

	public Shard shard() {
		return Shard.parse(shard);
	}

	public BatchJob job(BatchMethod<?> method, Path model, String device) {
		return BatchJob.of(method, model, input, output, device, overwrite, shard());
	}
}
