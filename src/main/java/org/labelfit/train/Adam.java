package org.labelfit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import org.labelfit.engine.Autograd;

/**
 * Adam updating parameters in place (PyTorch's formula and defaults β = (0.9, 0.999),
 * ε = 1e-8, no weight decay). The moment buffers live as long as the optimiser; every
 * temporary is released at the end of each step.
 */
public final class Adam implements AutoCloseable {

	public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;

	private final double learningRate;
	private final NDList m = new NDList();
	private final NDList v = new NDList();
	private int step;

	public Adam(double learningRate) {
		this.learningRate = learningRate;
	}

	public int steps() {
		return step;
	}

	/** One update: {@code params[i] -= lr · m̂ / (√v̂ + ε)}; params and grads in the same order. */
	public void step(NDList params, NDList grads) {
		if (m.isEmpty()) {
			for (NDArray p : params) {
				NDArray zm = p.zerosLike(), zv = p.zerosLike();
				NDScope.unregister(zm, zv);
				m.add(zm);
				v.add(zv);
			}
		}
		step++;
		double bc1 = 1 - Math.pow(BETA1, step);
		double sqrtBc2 = Math.sqrt(1 - Math.pow(BETA2, step));
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			for (int i = 0; i < grads.size(); i++) {
				NDArray g = grads.get(i);
				m.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
				v.get(i).muli(BETA2).addi(g.square().muli(1 - BETA2));
				NDArray denom = v.get(i).sqrt().divi(sqrtBc2).addi(EPSILON);
				params.get(i).subi(m.get(i).div(denom).muli(learningRate / bc1));
			}
		}
	}

	/**
	 * One update from the gradients autograd accumulated in {@code params}, then clears them (PyTorch
	 * accumulates gradients unless zeroed). The in-place updates of the leaves are not recorded.
	 */
	public void update(NDList params) {
		NDList grads = new NDList();
		for (NDArray p : params) grads.add(p.getGradient());
		try (Autograd noGraph = Autograd.pause()) {
			step(params, grads);
			for (NDArray p : params) JniUtils.zeroGrad((PtNDArray) p);
		}
	}

	@Override
	public void close() {
		m.close();
		v.close();
	}
}
