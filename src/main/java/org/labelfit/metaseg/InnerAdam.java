package org.labelfit.metaseg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import org.labelfit.train.Adam;

/**
 * The differentiable Adam of MetaSeg's inner loop: every update is a new array built from
 * the old one, so the outer loss can be differentiated through the inner steps. Moments
 * start at zero for each task; the bias-corrected v̂ is clamped to at least 1e-12.
 */
final class InnerAdam {

	static final double V_HAT_FLOOR = 1e-12;

	private final double learningRate;
	private NDList m, v;
	private int step;

	InnerAdam(double learningRate) {
		this.learningRate = learningRate;
	}

	/** Returns the updated parameters; {@code params} and {@code grads} are left untouched. */
	NDList step(NDList params, NDList grads) {
		step++;
		double bc1 = 1 - Math.pow(Adam.BETA1, step);
		double bc2 = 1 - Math.pow(Adam.BETA2, step);
		NDList newM = new NDList(grads.size()), newV = new NDList(grads.size()), updated = new NDList(grads.size());
		for (int i = 0; i < grads.size(); i++) {
			NDArray g = grads.get(i);
			NDArray mi = g.mul(1 - Adam.BETA1), vi = g.square().mul(1 - Adam.BETA2);
			if (m != null) {
				mi = m.get(i).mul(Adam.BETA1).add(mi);
				vi = v.get(i).mul(Adam.BETA2).add(vi);
			}
			NDArray vHat = vi.div(bc2).maximum(V_HAT_FLOOR);
			updated.add(params.get(i).sub(mi.div(bc1).div(vHat.sqrt().add(Adam.EPSILON)).mul(learningRate)));
			newM.add(mi);
			newV.add(vi);
		}
		m = newM;
		v = newV;
		return updated;
	}
}
