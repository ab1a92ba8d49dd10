package org.labelfit.batch;

import java.nio.file.Path;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.batch.ManifestRow.Status;

/** The rows of a finished run and, when one was written, its manifest. */
public record BatchResult(List<ManifestRow> rows, Path manifest) {

	public long count(Status status) {
		return rows.stream().filter(r -> r.status() == status).count();
	}

	/** Label files written by this run. */
	public List<Path> written() {
		return rows.stream().filter(r -> r.status() == Status.DONE).map(r -> Path.of(r.output())).toList();
	}

	/** Fails with the first error when any input failed (Fiji's commands stop there; the command line reports and counts). */
	public BatchResult requireNoFailures() {
		rows.stream().filter(r -> r.status() == Status.FAILED).findFirst().ifPresent(r -> {
			throw new LabelFitException(count(Status.FAILED) + " of " + rows.size() + " inputs failed; first: " + Path.of(r.input()).getFileName()
				+ ": " + r.error());
		});
		return this;
	}

	public String summary() {
		return rows.size() + " inputs: " + count(Status.DONE) + " done, " + count(Status.SKIPPED) + " skipped (already there), " +
			count(Status.FAILED) + " failed" + (manifest == null ? "" : "; manifest " + manifest);
	}
}
