package org.labelfit.batch;

import java.io.Serializable;

/**
 * What happened to one input.
 *
 * @param seconds time spent on it (0 when skipped)
 * @param worker host and process (and Spark executor) that handled it
 * @param error the one-line error of a failed item, else empty
 */
public record ManifestRow(String input, String output, Status status, double seconds, String worker, String error) implements Serializable {

	public ManifestRow {
		seconds = Math.round(seconds * 1000) / 1000.0; // the manifest keeps milliseconds
	}

	public enum Status {
		DONE, SKIPPED, FAILED;

		public String text() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}
}
