package org.labelfit.batch;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.batch.ManifestRow.Status;
import org.labelfit.io.OutputFiles;
import org.labelfit.train.CancelledException;
import org.labelfit.train.Progress;

/** The item code every runner shares: skip what is complete, label the rest, and turn a failure into that item's row. */
public final class ItemRunner {

	private ItemRunner() {}

	/** Opens one worker for {@code items} (model from {@link LoadedModels}) and runs them in order. */
	public static <M> List<ManifestRow> run(BatchJob job, BatchMethod<M> method, List<BatchJob.Item> items, String worker, Progress progress) {
		List<ManifestRow> rows = new ArrayList<>();
		M model = LoadedModels.get(method, job.modelPath(), job.modelSha256());
		try (BatchMethod.Worker w = method.open(model, job.device(), progress)) {
			for (BatchJob.Item item : items) {
				progress.checkCancelled();
				ManifestRow row = run(job, w, item, worker, progress);
				rows.add(row);
				progress.log(describe(row));
			}
		}
		return rows;
	}

	static ManifestRow run(BatchJob job, BatchMethod.Worker w, BatchJob.Item item, String worker, Progress progress) {
		// the label file is written last and atomically: if it exists, the item is complete
		if (!job.overwrite() && !job.singleFile() && Files.isRegularFile(item.outputPath()))
			return new ManifestRow(item.input(), item.output(), Status.SKIPPED, 0, worker, "");
		long start = System.nanoTime();
		try {
			OutputFiles.removeLeftovers(item.outputPath());
			w.segment(item.inputPath(), item.outputPath(), progress);
			return new ManifestRow(item.input(), item.output(), Status.DONE, seconds(start), worker, "");
		}
		catch (CancelledException e) {
			throw e;
		}
		catch (RuntimeException | OutOfMemoryError e) {
			if (job.singleFile()) throw e; // one input, nothing to resume: fail the command as before
			return new ManifestRow(item.input(), item.output(), Status.FAILED, seconds(start), worker, errorLine(e));
		}
	}

	/** The live log line of an item. */
	static String describe(ManifestRow r) {
		return switch (r.status()) {
			case DONE -> String.format(java.util.Locale.ROOT, "done %s (%.1f s)", r.output(), r.seconds());
			case SKIPPED -> "skipped " + r.output() + " (exists; --overwrite replaces it)";
			case FAILED -> "failed " + r.input() + ": " + r.error();
		};
	}

	static String errorLine(Throwable e) {
		if (e instanceof OutOfMemoryError)
			return "out of memory (" + e.getMessage() + "); give the worker more memory (-Xmx, LABELFIT_XMX) or run fewer tasks per node";
		String m = e.getMessage() == null ? "" : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
		if (e instanceof LabelFitException) return m;
		return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
	}

	/** This process: host and pid. */
	public static String processName() {
		return ManagementFactory.getRuntimeMXBean().getName();
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
