package org.labelfit.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

import org.labelfit.batch.BatchJob;
import org.labelfit.batch.BatchResult;
import org.labelfit.batch.BatchRunner;
import org.labelfit.batch.ItemRunner;
import org.labelfit.batch.LoadedModels;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.ManifestRow;
import org.labelfit.train.Progress;

/**
 * Runs a batch job on Spark (RDD API, spark-core only): the driver plans the sorted items, {@code parallelize}s them,
 * and each partition runs the same item code as the local runner ({@link ItemRunner}) on an executor, which loads the
 * model once per JVM ({@code LoadedModels}). The manifest rows come back to the driver, which writes the manifest.
 * Outputs are atomic and existing ones are skipped, so Spark's task retries and a resubmitted job are safe.
 * <p>
 * Executors get, unless the configuration sets them: {@code LABELFIT_THREADS} = {@code spark.task.cpus} (PyTorch threads
 * per task, so tasks × threads = the executor's cores) and a node-local {@code ENGINE_CACHE_DIR} under /tmp for DJL's
 * natives (one extraction per node, never on a shared folder).
 */
public final class SparkRunner implements BatchRunner {

	private final String master;

	/** @param master the Spark master; null to take spark.master from the configuration (spark-submit), else local[*] */
	public SparkRunner(String master) {
		this.master = master;
	}

	@Override
	public BatchResult run(BatchJob job, Progress progress) {
		LoadedModels.get(job.method(), job.modelPath(), job.modelSha256()); // a bad model fails here, not in every task
		List<BatchJob.Item> items = job.plan();
		SparkConf conf = conf(job);
		try (JavaSparkContext sc = new JavaSparkContext(conf)) {
			sc.setLogLevel("WARN"); // Spark's INFO lines would bury the progress
			progress.log("spark: " + items.size() + " inputs on " + sc.master() + ", " + sc.defaultParallelism() + " task slots");
			int slices = Math.max(1, Math.min(items.size(), sc.defaultParallelism()));
			List<ManifestRow> rows = sc.parallelize(items, slices).mapPartitions(it -> partition(job, it)).collect();
			rows.stream().filter(r -> r.status() == ManifestRow.Status.FAILED).forEach(r -> progress.log("failed " + r.input() + ": " + r.error()));
			return LocalRunner.finish(job, new ArrayList<>(rows), true);
		}
	}

	SparkConf conf(BatchJob job) {
		SparkConf conf = new SparkConf().setAppName("labelfit " + job.method().name());
		if (master != null) conf.setMaster(master);
		else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
		if (!conf.contains("spark.executorEnv.LABELFIT_THREADS")) conf.setExecutorEnv("LABELFIT_THREADS", conf.get("spark.task.cpus", "1"));
		if (!conf.contains("spark.executorEnv.ENGINE_CACHE_DIR"))
			conf.setExecutorEnv("ENGINE_CACHE_DIR", "/tmp/labelfit-djl-" + System.getProperty("user.name", "user"));
		// in local mode the tasks run in this JVM: the same thread budget applies
		if (conf.get("spark.master").startsWith("local") && System.getenv("LABELFIT_THREADS") == null && System.getProperty("labelfit.threads") == null)
			System.setProperty("labelfit.threads", conf.get("spark.task.cpus", "1"));
		return conf;
	}

	/** One partition on an executor: the shared item code, with the executor named in the manifest. */
	static Iterator<ManifestRow> partition(BatchJob job, Iterator<BatchJob.Item> it) {
		List<BatchJob.Item> items = new ArrayList<>();
		it.forEachRemaining(items::add);
		if (items.isEmpty()) return Collections.emptyIterator();
		String worker = ItemRunner.processName() + " executor " + SparkEnv.get().executorId();
		return ItemRunner.run(job, job.method(), items, worker, Progress.NONE).iterator();
	}
}
