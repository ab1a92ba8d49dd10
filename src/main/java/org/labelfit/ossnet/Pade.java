package org.labelfit.ossnet;

import ai.djl.ndarray.NDArray;

/**
 * The Padé Activation Unit OSS-Net uses everywhere (spec §2): the "safe" rational function of degree (5, 4)
 * <pre>
 *   PAU(x) = (n0 + n1·x + n2·x² + n3·x³ + n4·x⁴ + n5·x⁵) / (1 + |d0|·|x| + |d1|·|x|² + |d2|·|x|³ + |d3|·|x|⁴)
 * </pre>
 * with 10 learnt coefficients per instance, none shared. The denominator is at least 1, so it never has a pole.
 * The official code has only a CUDA kernel; this is the same function in tensor operations, differentiable by
 * autograd in x and in all coefficients (d|d|/dd is sign(d), 0 at 0, as PyTorch's abs).
 */
public final class Pade {

	public static final int NUMERATOR_TERMS = 6, DENOMINATOR_TERMS = 4;

	/** The official "pade_optimized_leakyrelu" initialisation, a fit of a leaky ReLU. */
	static final double[] INIT_NUMERATOR = { 0.0335583603, 0.505000375, 1.65343934, 2.01001052, 0.931901999, 0.152424124 },
		INIT_DENOMINATOR = { 3.30847488e-6, 3.98021568, 5.12471206e-7, 0.301830109 };

	private Pade() {}

	/**
	 * PAU(x) elementwise with {@code numerator} (6) and {@code denominator} (4), by Horner's rule; intermediates are
	 * closed as they are used (autograd keeps what it needs), x is not.
	 */
	public static NDArray apply(NDArray x, NDArray numerator, NDArray denominator) {
		NDArray[] n = new NDArray[NUMERATOR_TERMS], d = new NDArray[DENOMINATOR_TERMS];
		for (int j = 0; j < n.length; j++) n[j] = numerator.get(j);
		try (NDArray absD = denominator.abs()) {
			for (int j = 0; j < d.length; j++) d[j] = absD.get(j);
		}
		NDArray num = x.mul(n[NUMERATOR_TERMS - 1]);
		for (int j = NUMERATOR_TERMS - 2; j >= 0; j--) {
			num = Layers.then(num, num.add(n[j]));
			if (j > 0) num = Layers.then(num, num.mul(x));
		}
		NDArray a = x.abs();
		NDArray den = a.mul(d[DENOMINATOR_TERMS - 1]);
		for (int j = DENOMINATOR_TERMS - 2; j >= 0; j--) {
			den = Layers.then(den, den.add(d[j]));
			den = Layers.then(den, den.mul(a));
		}
		den = Layers.then(den, den.add(1));
		a.close();
		NDArray out = num.div(den);
		num.close();
		den.close();
		for (NDArray c : n) c.close();
		for (NDArray c : d) c.close();
		return out;
	}

	/** The same function in double, for checks. */
	static double value(double x, double[] n, double[] d) {
		double num = 0, den = 0, a = Math.abs(x);
		for (int j = n.length - 1; j >= 0; j--) num = num * x + n[j];
		for (int j = d.length - 1; j >= 0; j--) den = (den + Math.abs(d[j])) * a;
		return num / (1 + den);
	}
}
