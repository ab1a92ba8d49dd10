package org.labelfit.cli;

import java.nio.file.Path;

import org.labelfit.batch.BatchJob;
import org.labelfit.batch.BatchResult;
import org.labelfit.batch.BatchRunner;
import org.labelfit.batch.ManifestRow.Status;

/**
 * Runs a segment/label command's batch job (in this JVM, or on Spark under {@code labelfit spark}) and turns its result into an exit code: {@value Main#OK} when no
 * input failed, else {@value Main#FAILED} with "N of M inputs failed" on stderr (each failure was logged with its error
 * line, and is in the manifest).
 * A job that cannot start (model, output folder, options) fails as any command does, with {@value Main#USAGE}.
 */
public final class BatchRun {

	/** {@code labelfit spark} swaps in the Spark runner before it runs the command line. */
	private static volatile BatchRunner runner = BatchRunner.LOCAL;

	private BatchRun() {}

	public static void use(BatchRunner r) {
		runner = r;
	}

	public static int run(Terminal terminal, BatchJob job) {
		BatchResult result;
		try (TerminalProgress progress = terminal.progress()) {
			result = runner.run(job, progress);
		}
		return report(terminal, result);
	}

	/** Prints what happened and returns the exit code. */
	static int report(Terminal terminal, BatchResult result) {
		// each item was logged as it finished; stdout lists what was written
		for (Path p : result.written()) terminal.out.println("wrote " + p);
		if (result.rows().size() > 1 || result.manifest() != null) terminal.out.println(result.summary());
		long failed = result.count(Status.FAILED);
		if (failed == 0) return Main.OK;
		terminal.err.println("labelfit: " + failed + " of " + result.rows().size() + " inputs failed");
		return Main.FAILED;
	}
}
