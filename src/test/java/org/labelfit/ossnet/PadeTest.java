package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import org.labelfit.engine.CpuTest;

class PadeTest extends CpuTest {


	private static float[] pade(float[] x, double[] n, double[] d) {
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			return Pade.apply(manager.create(x), floats(n), floats(d)).toFloatArray();
		}
	}

	private static NDArray floats(double[] v) {
		return manager.create(v).toType(DataType.FLOAT32, false);
	}

	@Test
	void handValues() {
		// n = 1 everywhere, only |x|⁴ in the denominator: PAU(2) = (1+2+4+8+16+32)/(1+16), PAU(−1) = 0/(1+1)
		double[] ones = { 1, 1, 1, 1, 1, 1 };
		float[] y = pade(new float[] { 2, -1, -2, 0 }, ones, new double[] { 0, 0, 0, 1 });
		assertEquals(63 / 17.0, y[0], 1e-6);
		assertEquals(0, y[1], 1e-7);
		assertEquals(-21 / 17.0, y[2], 1e-6);
		assertEquals(1, y[3], 1e-7);
		// the "safe" form takes |d|: d0 = −1 gives x / (1 + |x|), never a pole at x = 1
		float[] s = pade(new float[] { 2, 1, -3 }, new double[] { 0, 1, 0, 0, 0, 0 }, new double[] { -1, 0, 0, 0 });
		assertEquals(2 / 3.0, s[0], 1e-6);
		assertEquals(0.5, s[1], 1e-6);
		assertEquals(-0.75, s[2], 1e-6);
		// a quadratic over a cubic denominator, against the double formula
		double[] n = { 0.3, -0.2, 0.5, 0, 0, 0 }, d = { 0, 0, -0.25, 0 };
		float[] q = pade(new float[] { 1.5f }, n, d);
		assertEquals((0.3 - 0.2 * 1.5 + 0.5 * 2.25) / (1 + 0.25 * 3.375), q[0], 1e-6);
		assertEquals(Pade.value(1.5, n, d), q[0], 1e-6);
	}

	@Test
	void initialisationIsALeakyRelu() {
		int count = 601;
		float[] x = new float[count];
		for (int i = 0; i < count; i++) x[i] = -3 + 6f * i / (count - 1);
		float[] y = pade(x, Pade.INIT_NUMERATOR, Pade.INIT_DENOMINATOR);
		double worst = 0;
		for (int i = 0; i < count; i++) {
			double leaky = x[i] > 0 ? x[i] : 0.01 * x[i];
			worst = Math.max(worst, Math.abs(y[i] - leaky));
		}
		// leaky ReLU with slope 0.01 on [−3, 3], at worst off by the fit's offset n0 = 0.0336 at x = 0
		assertEquals(Pade.INIT_NUMERATOR[0], worst, 1e-4);
		assertEquals(Pade.INIT_NUMERATOR[0], y[count / 2], 1e-7);
		assertEquals(1, y[400], 2e-3, "x = 1");
		assertEquals(-0.01, y[200], 2e-3, "x = -1");
	}

	@Test
	void gradientsMatchFiniteDifferences() {
		double[] n = { 0.1, 0.6, -0.4, 0.3, 0.2, -0.05 }, d = { 0.5, -0.3, 0.2, 0.1 };
		float[] xs = { -1.7f, -0.4f, 0.3f, 1.2f, 2.5f };
		float[] gx, gn, gd;
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray x = manager.create(xs), num = floats(n), den = floats(d);
			for (NDArray a : new NDArray[] { x, num, den }) a.setRequiresGradient(true);
			try (GradientCollector c = manager.getEngine().newGradientCollector()) {
				c.backward(Pade.apply(x, num, den).sum());
			}
			gx = x.getGradient().toFloatArray();
			gn = num.getGradient().toFloatArray();
			gd = den.getGradient().toFloatArray();
		}
		double h = 1e-6;
		for (int i = 0; i < xs.length; i++)
			assertEquals((Pade.value(xs[i] + h, n, d) - Pade.value(xs[i] - h, n, d)) / (2 * h), gx[i], 1e-4, "d/dx at " + xs[i]);
		for (int j = 0; j < n.length; j++) {
			int k = j;
			assertEquals(sum(xs, v -> shifted(n, k, h), d) - sum(xs, v -> shifted(n, k, -h), d), 2 * h * gn[j], 2 * h * 1e-4, "d/dn" + j);
		}
		for (int j = 0; j < d.length; j++) {
			int k = j;
			double numeric = (sumD(xs, n, shifted(d, k, h)) - sumD(xs, n, shifted(d, k, -h))) / (2 * h);
			assertEquals(numeric, gd[j], 1e-4, "d/dd" + j + " (sign of d" + j + " included)");
		}
	}

	private static double[] shifted(double[] v, int j, double h) {
		double[] c = v.clone();
		c[j] += h;
		return c;
	}

	private static double sum(float[] xs, java.util.function.Function<Double, double[]> numerator, double[] d) {
		double s = 0;
		for (float x : xs) s += Pade.value(x, numerator.apply((double) x), d);
		return s;
	}

	private static double sumD(float[] xs, double[] n, double[] d) {
		double s = 0;
		for (float x : xs) s += Pade.value(x, n, d);
		return s;
	}
}
