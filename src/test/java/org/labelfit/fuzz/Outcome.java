package org.labelfit.fuzz;

import org.labelfit.LabelFitException;

/** How a reader ended on one input; the last three must never happen. */
enum Outcome {
	ACCEPTED("accepted"), CLEAN_REJECTION("clean rejection"), OTHER_EXCEPTION("other exception"), OOM("OOM"), TIMEOUT("timeout");

	final String label;

	Outcome(String label) {
		this.label = label;
	}

	boolean bad() {
		return compareTo(OTHER_EXCEPTION) >= 0;
	}

	/**
	 * A clean rejection is a {@link LabelFitException} with a one-line message, which the command line, Fiji and
	 * macros show as is; anything else that escapes the reader is a bug, a multi-line LabelFitException included.
	 */
	static Outcome of(Throwable thrown) {
		if (thrown == null) return ACCEPTED;
		if (thrown instanceof OutOfMemoryError) return OOM;
		if (thrown instanceof LabelFitException && isOneLine(thrown.getMessage())) return CLEAN_REJECTION;
		return OTHER_EXCEPTION;
	}

	private static boolean isOneLine(String message) {
		return message != null && !message.isBlank() && message.indexOf('\n') < 0 && message.indexOf('\r') < 0;
	}
}
