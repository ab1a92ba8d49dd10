package org.labelfit.batch;

import org.labelfit.train.Progress;

/** Where a batch job runs: this JVM ({@link LocalRunner}) or a Spark cluster ({@code org.labelfit.spark.SparkRunner}). */
public interface BatchRunner {

	/** Runs {@code job} and writes its manifest into a folder output. */
	BatchResult run(BatchJob job, Progress progress);

	BatchRunner LOCAL = (job, progress) -> LocalRunner.run(job, true, progress);
}
