package org.labelfit;

/**
 * A problem the user can fix (bad input, missing file, incompatible model).
 * Its message is a single line, shown as is on the command line, in Fiji and in macros.
 */
public class LabelFitException extends RuntimeException {

	public LabelFitException(String message) {
		super(message);
	}

	public LabelFitException(String message, Throwable cause) {
		super(message, cause);
	}
}
