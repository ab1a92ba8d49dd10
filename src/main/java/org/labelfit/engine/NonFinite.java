package org.labelfit.engine;

import ai.djl.ndarray.NDArray;

import org.labelfit.LabelFitException;

/**
 * The one place where a NaN or infinite loss or network output stops the work with a clear line naming the
 * method and the step, instead of a diverged model or a silently empty label image.
 */
public final class NonFinite {

	private NonFinite() {}

	/** @param what the method and phase ("U-Net training"); @param step the 1-based step (or epoch) named in the message */
	public static void checkLoss(String what, String stepName, long step, double loss) {
		if (!Double.isFinite(loss))
			throw new LabelFitException(what + ": the loss became " + loss + " at " + stepName + " " + step +
				"; stopped, nothing more is saved (a learning rate that is too high, or a numerical fault of this machine's " +
				"kernels: see docs/onednn-channel-blocks.md)");
	}

	/** @param what the method and input ("UniverSeg on scan_03, slice 4") */
	public static void checkOutput(String what, float[] values) {
		int bad = 0;
		for (float v : values) if (!Float.isFinite(v)) bad++;
		if (bad > 0) throw outputError(what, bad + " of " + values.length);
	}

	/** As {@link #checkOutput(String, float[])} without copying the values off the device. */
	public static void checkOutput(String what, NDArray values) {
		long bad = values.isNaN().logicalOr(values.isInfinite()).countNonzero().getLong();
		if (bad > 0) throw outputError(what, bad + " of " + values.size());
	}

	private static LabelFitException outputError(String what, String count) {
		return new LabelFitException(what + ": the network output has " + count + " non-finite values (NaN or ∞); no labels were " +
			"written (see docs/onednn-channel-blocks.md)");
	}
}
