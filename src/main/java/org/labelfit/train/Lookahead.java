package org.labelfit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;

/**
 * Lookahead (Zhang et al. 2019) around an inner optimiser, as {@code torch_optimizer.Lookahead} does it: slow weights
 * φ are taken from the parameters after the first inner step, and after inner steps 1, k + 1, 2k + 1, … φ ← φ + α(θ − φ)
 * and θ ← φ (the first of these changes nothing).
 */
public final class Lookahead implements Optimizer {

	private final Optimizer inner;
	private final int k;
	private final double alpha;
	private final NDList slow = new NDList();
	private int counter;

	public Lookahead(Optimizer inner, int k, double alpha) {
		if (k < 1) throw new LabelFitException("Lookahead k must be 1 or more, got " + k);
		if (!(alpha > 0 && alpha <= 1)) throw new LabelFitException("Lookahead alpha must be in (0, 1], got " + alpha);
		this.inner = inner;
		this.k = k;
		this.alpha = alpha;
	}

	@Override
	public NDList parameters() {
		return inner.parameters();
	}

	@Override
	public void update() {
		inner.update();
		if (counter == 0) synchronise();
		counter = (counter + 1) % k;
	}

	private void synchronise() {
		NDList fast = inner.parameters();
		try (Autograd noGraph = Autograd.pause()) {
			if (slow.isEmpty())
				for (NDArray p : fast) {
					NDArray copy = p.duplicate();
					NDScope.unregister(copy);
					slow.add(copy);
				}
			try (NDScope scope = new NDScope()) {
				scope.suppressNotUsedWarning();
				for (int i = 0; i < fast.size(); i++) {
					slow.get(i).addi(fast.get(i).sub(slow.get(i)).muli(alpha));
					fast.get(i).muli(0).addi(slow.get(i)); // θ ← φ on the device (exact for finite weights)
				}
			}
		}
	}

	@Override
	public void close() {
		slow.close();
		inner.close();
	}
}
