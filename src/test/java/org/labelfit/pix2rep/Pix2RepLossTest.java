package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.labelfit.engine.Engines;

class Pix2RepLossTest {

	private static final double TAU = 0.53;

	@Test
	void ntXentOfASinglePairIsZero() {
		// with the diagonal removed, each row's only logit is its partner's
		try (NDManager m = Engines.newManager(Device.cpu())) {
			NDArray z1 = m.create(new float[] { 0.6f, 0.8f }, new Shape(1, 2)), z2 = m.create(new float[] { 1, 0 }, new Shape(1, 2));
			assertEquals(0, Pix2RepLoss.ntXent(z1, z2, TAU).getFloat(), 1e-6);
		}
	}

	@Test
	void ntXentOfTwoOrthogonalPairsByHand() {
		// Z = [e1, e2, e1, e2]: each row has logits 0 (other pixel, same view), 1/τ (partner) and 0 (other pixel, other view)
		try (NDManager m = Engines.newManager(Device.cpu())) {
			NDArray z = m.create(new float[] { 1, 0, 0, 1 }, new Shape(2, 2));
			double expected = Math.log(2 + Math.exp(1 / TAU)) - 1 / TAU;
			assertEquals(expected, Pix2RepLoss.ntXent(z, z, TAU).getFloat(), 1e-5);
		}
	}

	@Test
	void ntXentMatchesTheSpecFormulaInBothDirections() {
		int n = 4, d = 3;
		Random r = new Random(3);
		double[][] z1 = unitRows(r, n, d), z2 = unitRows(r, n, d);
		double[][] all = new double[2 * n][];
		for (int i = 0; i < n; i++) {
			all[i] = z1[i];
			all[n + i] = z2[i];
		}
		double sum = 0;
		for (int i = 0; i < 2 * n; i++) {
			double denominator = 0;
			for (int k = 0; k < 2 * n; k++) if (k != i) denominator += Math.exp(dot(all[i], all[k]) / TAU);
			int partner = i < n ? n + i : i - n;
			sum += Math.log(Math.exp(dot(all[i], all[partner]) / TAU) / denominator);
		}
		try (NDManager m = Engines.newManager(Device.cpu())) {
			assertEquals(-sum / (2 * n), Pix2RepLoss.ntXent(rows(m, z1), rows(m, z2), TAU).getFloat(), 1e-5);
		}
	}

	@Test
	void normalisationLeavesAZeroPixelAtZero() {
		try (NDManager m = Engines.newManager(Device.cpu())) {
			float[] out = Pix2RepLoss.normalise(m.create(new float[] { 3, 4, 0, 0 }, new Shape(2, 2))).toFloatArray();
			assertEquals(0.6f, out[0], 1e-6f);
			assertEquals(0.8f, out[1], 1e-6f);
			assertEquals(0f, out[2]);
			assertEquals(0f, out[3]);
		}
	}

	@Test
	void barlowTwinsByHand() {
		// standardised columns: z1 = [[1, 1], [−1, −1]], z2 = [[1, −1], [−1, 1]] → C = [[1, −1], [1, −1]]
		double lambda = 0.25, shrink = 1 / (1 + Pix2RepLoss.STANDARDISE_EPSILON); // the ε under the variance
		try (NDManager m = Engines.newManager(Device.cpu())) {
			NDArray z1 = m.create(new float[] { 3, 1, -1, -3 }, new Shape(2, 2)), z2 = m.create(new float[] { 1, -1, -1, 1 }, new Shape(2, 2));
			double expected = Math.pow(1 - shrink, 2) + Math.pow(1 + shrink, 2) + lambda * 2 * shrink * shrink;
			assertEquals(expected, Pix2RepLoss.barlowTwins(z1, z2, lambda).getFloat(), 1e-4);
			// identical, decorrelated embeddings reach the minimum, 0
			NDArray same = m.create(new float[] { 1, 1, 1, -1, -1, 1, -1, -1 }, new Shape(4, 2));
			assertEquals(0, Pix2RepLoss.barlowTwins(same, same, lambda).getFloat(), 1e-4);
		}
	}

	private static double[][] unitRows(Random r, int n, int d) {
		double[][] out = new double[n][d];
		for (double[] row : out) {
			double norm = 0;
			for (int k = 0; k < d; k++) norm += (row[k] = r.nextGaussian()) * row[k];
			for (int k = 0; k < d; k++) row[k] /= Math.sqrt(norm);
		}
		return out;
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++) s += a[k] * b[k];
		return s;
	}

	private static NDArray rows(NDManager m, double[][] v) {
		float[] flat = new float[v.length * v[0].length];
		for (int i = 0; i < v.length; i++)
			for (int k = 0; k < v[0].length; k++) flat[i * v[0].length + k] = (float) v[i][k];
		return m.create(flat, new Shape(v.length, v[0].length));
	}
}
