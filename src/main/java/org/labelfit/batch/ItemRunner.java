package org.labelfit.batch;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
				ManifestRow row = run(job, method, w, item, worker, progress);
				rows.add(row);
				progress.log(describe(row));
			}
		}
		return rows;
	}

	static ManifestRow run(BatchJob job, BatchMethod<?> method, BatchMethod.Worker w, BatchJob.Item item, String worker, Progress progress) {
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
			return new ManifestRow(item.input(), item.output(), Status.FAILED, seconds(start), worker, errorLine(e, method));
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

	/** The manifest's error line; running out of memory, on the Java heap or in native tensors, gets the method's advice. */
	static String errorLine(Throwable e, BatchMethod<?> method) {
		String raw = e.getMessage() == null ? "" : e.getMessage().strip();
		if (e instanceof OutOfMemoryError || !(e instanceof LabelFitException) && NATIVE_OUT_OF_MEMORY.matcher(raw).find()) {
			String advice = method.memoryAdvice();
			// PyTorch puts its check before the message and its C++ stack after the first line
			String cause = raw.lines().findFirst().orElse("").replaceFirst("^\\[enforce fail at [^]]*][^.]*\\.\\s*", "");
			return "out of memory in " + method.name() + " (" + cause + "); " +
				(advice.isEmpty() ? "" : advice + "; ") +
				"give the worker more memory (-Xmx or LABELFIT_XMX for the Java heap; tensors need free system memory) or run fewer tasks per node";
		}
		String m = raw.replaceAll("\\s*\\R\\s*", " ");
		if (e instanceof LabelFitException) return m;
		return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
	}

	/** PyTorch's allocation failures as DJL passes them on (CPU allocator, CUDA caching allocator, C++ bad_alloc). */
	private static final Pattern NATIVE_OUT_OF_MEMORY =
		Pattern.compile("(?i)not enough memory|out of memory|can't allocate memory|bad_alloc");

	/** This process: host and pid. */
	public static String processName() {
		return ManagementFactory.getRuntimeMXBean().getName();
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
