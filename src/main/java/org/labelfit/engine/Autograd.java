package org.labelfit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The two pieces of PyTorch autograd that LabelFit needs and DJL's GradientCollector
 * hides: switching graph recording on for a region, and a plain backward pass whose
 * leaf gradients carry no graph (so parameters and gradients form no reference cycle).
 */
public final class Autograd implements AutoCloseable {

	private final boolean previous;

	private Autograd(boolean enabled) {
		previous = JniUtils.isGradMode();
		JniUtils.setGradMode(enabled);
	}

	/** Records operations until closed. */
	public static Autograd record() {
		return new Autograd(true);
	}

	/** Records nothing until closed (pure inference or hand-written gradients). */
	public static Autograd pause() {
		return new Autograd(false);
	}

	/** Back-propagates a scalar into the gradients of the leaves that require them. */
	public static void backward(NDArray scalarLoss) {
		try (NDArray one = scalarLoss.onesLike()) {
			JniUtils.backward((PtNDArray) scalarLoss, (PtNDArray) one, false, false);
		}
	}

	@Override
	public void close() {
		JniUtils.setGradMode(previous);
	}
}
