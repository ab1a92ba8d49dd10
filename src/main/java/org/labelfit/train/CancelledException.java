package org.labelfit.train;

import org.labelfit.LabelFitException;

/** Thrown when the user cancelled; whatever was being written is left as it was before. */
public class CancelledException extends LabelFitException {

	public CancelledException() {
		super("cancelled by the user; nothing was written");
	}
}
