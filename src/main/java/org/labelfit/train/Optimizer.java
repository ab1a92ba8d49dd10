package org.labelfit.train;

import ai.djl.ndarray.NDList;

/** An optimiser that updates its parameters in place from the gradients autograd accumulated in them. */
public interface Optimizer extends AutoCloseable {

	/** The parameters it updates, in a fixed order. */
	NDList parameters();

	/** One step from the parameters' gradients, which it then clears (PyTorch accumulates them unless zeroed). */
	void update();

	@Override
	void close();
}
