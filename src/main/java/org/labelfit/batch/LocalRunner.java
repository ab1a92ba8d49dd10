package org.labelfit.batch;

import java.nio.file.Path;
import java.util.List;

import org.labelfit.train.Progress;

/** Runs a batch job in this JVM, one input after another (as {@code labelfit ... segment|label} always did). */
public final class LocalRunner {

	private LocalRunner() {}

	/**
	 * Runs this shard of {@code job}; with {@code manifest}, a folder output gets the manifest CSV (the command line
	 * writes it; Fiji's commands do not, so a macro's output folder holds label files only).
	 */
	public static BatchResult run(BatchJob job, boolean manifest, Progress progress) {
		LoadedModels.get(job.method(), job.modelPath(), job.modelSha256()); // a bad model fails before the output folder is made
		List<BatchJob.Item> items = job.plan();
		List<ManifestRow> rows = ItemRunner.run(job, job.method(), items, ItemRunner.processName(), progress);
		return finish(job, rows, manifest);
	}

	/** Writes the manifest of a folder output (every runner's last step). */
	public static BatchResult finish(BatchJob job, List<ManifestRow> rows, boolean manifest) {
		Path file = null;
		if (manifest && !job.singleFile()) {
			file = Manifest.file(job.outputPath(), job.shard());
			Manifest.write(file, rows);
		}
		return new BatchResult(rows, file);
	}
}
