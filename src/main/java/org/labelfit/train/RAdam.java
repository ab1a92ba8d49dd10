package org.labelfit.train;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;

/**
 * Rectified Adam (Liu et al. 2020) as {@code torch.optim.RAdam} computes it, β = (0.9, 0.999), ε = 1e-8, no weight
 * decay, with parameter groups of their own learning rates. At step t, with m̂ = m / (1 − β1^t) and
 * ρ_t = ρ∞ − 2t·β2^t / (1 − β2^t), ρ∞ = 2 / (1 − β2) − 1:
 * <ul>
 * <li>ρ_t &gt; 5: p −= lr · m̂ · r_t · √(1 − β2^t) / (√v + ε), r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t));</li>
 * <li>otherwise (the first 5 steps with β2 = 0.999): p −= lr · m̂, momentum SGD without the adaptive term.</li>
 * </ul>
 * {@code torch_optimizer.RAdam}, which the official OSS-Net training uses, computes the same update (its test is
 * ρ_t ≥ 5; ρ_t is never exactly 5). The moment buffers live as long as the optimiser; every temporary is released at
 * the end of each step.
 */
public final class RAdam implements Optimizer {

	public static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;
	static final double RHO_INFINITY = 2 / (1 - BETA2) - 1;

	/** Parameters that share a learning rate (PyTorch's parameter group). */
	public record Group(NDList parameters, double learningRate) {

		public Group {
			if (!(learningRate > 0)) throw new LabelFitException("learning rate must be positive, got " + learningRate);
		}
	}

	private final NDList params = new NDList();
	private final List<Double> rates = new ArrayList<>();
	private final NDList m = new NDList(), v = new NDList();
	private double factor = 1;
	private int step;

	public RAdam(List<Group> groups) {
		for (Group g : groups)
			for (NDArray p : g.parameters()) {
				params.add(p);
				rates.add(g.learningRate());
			}
	}

	@Override
	public NDList parameters() {
		return params;
	}

	public int steps() {
		return step;
	}

	/** Multiplies every group's own learning rate from now on (a schedule's current factor). */
	public void setLearningRateFactor(double factor) {
		this.factor = factor;
	}

	/** ρ_t, the length of the approximated simple moving average at step t (1-based). */
	public static double rho(int t) {
		double b2t = Math.pow(BETA2, t);
		return RHO_INFINITY - 2 * t * b2t / (1 - b2t);
	}

	/** r_t, the variance rectification, for ρ_t &gt; 5. */
	public static double rectification(int t) {
		double rho = rho(t);
		return Math.sqrt((rho - 4) * (rho - 2) * RHO_INFINITY / ((RHO_INFINITY - 4) * (RHO_INFINITY - 2) * rho));
	}

	/** One update with {@code grads} in the order of {@link #parameters()}. */
	public void step(NDList grads) {
		if (grads.size() != params.size()) throw new LabelFitException("RAdam got " + grads.size() + " gradients for " + params.size() + " parameters");
		if (m.isEmpty()) {
			for (NDArray p : params) {
				NDArray zm = p.zerosLike(), zv = p.zerosLike();
				NDScope.unregister(zm, zv);
				m.add(zm);
				v.add(zv);
			}
		}
		step++;
		double bc1 = 1 - Math.pow(BETA1, step), bc2 = 1 - Math.pow(BETA2, step);
		boolean rectified = rho(step) > 5;
		double adaptive = rectified ? rectification(step) * Math.sqrt(bc2) : 0;
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			for (int i = 0; i < params.size(); i++) {
				NDArray g = grads.get(i);
				m.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
				v.get(i).muli(BETA2).addi(g.square().muli(1 - BETA2));
				double lr = rates.get(i) * factor / bc1;
				if (rectified) params.get(i).subi(m.get(i).div(v.get(i).sqrt().addi(EPSILON)).muli(lr * adaptive));
				else params.get(i).subi(m.get(i).mul(lr));
			}
		}
	}

	@Override
	public void update() {
		NDList grads = new NDList();
		for (NDArray p : params) grads.add(p.getGradient());
		try (Autograd noGraph = Autograd.pause()) {
			step(grads);
			for (NDArray p : params) JniUtils.zeroGrad((PtNDArray) p);
		}
	}

	@Override
	public void close() {
		m.close();
		v.close();
	}
}
