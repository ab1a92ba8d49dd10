package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AugmentationTest {

	private static final int DRAWS = 20_000;

	@Test
	void intensityStepsFollowTheConfigProbabilitiesAndRanges() {
		Random r = new Random(1);
		int noise = 0, blur = 0, gamma = 0, bias = 0, invert = 0;
		double maxStd = 0, maxSigma = 0, maxLogGamma = 0, maxCoefficient = 0;
		for (int i = 0; i < DRAWS; i++) {
			IntensityAugmentation.Draw d = IntensityAugmentation.sample(r);
			if (d.noiseStd() > 0) noise++;
			maxStd = Math.max(maxStd, d.noiseStd());
			if (d.blurSigma() != null) {
				blur++;
				for (double s : d.blurSigma()) {
					assertTrue(s >= 0 && s < 1.3);
					maxSigma = Math.max(maxSigma, s);
				}
			}
			if (d.logGamma() != 0) gamma++;
			assertTrue(Math.abs(d.logGamma()) <= 0.05);
			maxLogGamma = Math.max(maxLogGamma, Math.abs(d.logGamma()));
			if (d.biasCoefficients() != null) {
				bias++;
				assertEquals(10, d.biasCoefficients().length);
				for (double c : d.biasCoefficients()) maxCoefficient = Math.max(maxCoefficient, Math.abs(c));
			}
			if (d.invert()) invert++;
		}
		assertEquals(0.3, noise / (double) DRAWS, 0.015);
		assertEquals(0.5, blur / (double) DRAWS, 0.015);
		assertEquals(0.9, gamma / (double) DRAWS, 0.015);
		assertEquals(0.75, bias / (double) DRAWS, 0.015);
		assertEquals(0.35, invert / (double) DRAWS, 0.015);
		// the draws fill their ranges up to the bounds
		assertTrue(maxStd < 0.5 && maxStd > 0.49);
		assertTrue(maxSigma > 1.28);
		assertTrue(maxLogGamma > 0.049);
		assertTrue(maxCoefficient <= 0.9 && maxCoefficient > 0.89);
	}

	@Test
	void eachIntensityStepDoesWhatItSays() {
		float[] flat = new float[16];
		Arrays.fill(flat, 0.25f);
		IntensityAugmentation.Draw none = new IntensityAugmentation.Draw(0, 0, null, 0, null, false);
		assertArrayEquals(flat, IntensityAugmentation.apply(none, flat, 4, 4));
		// blur keeps a constant image constant (mirrored edges); inversion is 1 − x; γ = e^0.05 raises to that power
		float[] blurred = IntensityAugmentation.apply(new IntensityAugmentation.Draw(0, 0, new double[] { 1.2, 0.7 }, 0, null, true), flat, 4, 4);
		for (float v : blurred) assertEquals(0.75f, v, 1e-6f);
		float[] gamma = IntensityAugmentation.apply(new IntensityAugmentation.Draw(0, 0, null, 0.05, null, false), flat, 4, 4);
		assertEquals(Math.pow(0.25, Math.exp(0.05)), gamma[5], 1e-6);
		// a bias field with only the constant term c multiplies by e^c; the x term varies along x, ±1 at the edge centres
		double[] c = new double[10];
		c[0] = 0.5;
		for (float v : IntensityAugmentation.biasField(c, 5, 3)) assertEquals(Math.exp(0.5), v, 1e-5);
		c[0] = 0;
		c[4] = 0.9; // term index 4 is x^1·y^0 (i = 1, j = 0)
		float[] field = IntensityAugmentation.biasField(c, 5, 3);
		assertEquals(Math.exp(-0.9), field[0], 1e-5);
		assertEquals(1, field[2], 1e-6);
		assertEquals(Math.exp(0.9), field[4], 1e-5);
	}

	@Test
	void spatialDrawsStayInTheConfigRanges() {
		Random r = new Random(2);
		double minScale = 1, maxScale = 0, maxAngle = 0;
		for (int i = 0; i < DRAWS / 8; i++)
			for (double[] t : SpatialAugmentation.sample(r, 8)) {
				// |det| = s² whatever the rotation and flip; the angle is that of the first column up to the flip
				double s = Math.sqrt(Math.abs(t[0] * t[4] - t[1] * t[3]));
				minScale = Math.min(minScale, s);
				maxScale = Math.max(maxScale, s);
				// the third column is R·t with |t_x|, |t_y| ≤ 1 − s
				assertTrue(Math.hypot(t[2], t[5]) <= Math.sqrt(2) * (1 - s) + 1e-9);
				maxAngle = Math.max(maxAngle, Math.abs(Math.atan2(t[3], Math.abs(t[0]))));
			}
		assertTrue(minScale >= 0.33 && minScale < 0.34);
		assertTrue(maxScale <= 0.95 && maxScale > 0.94);
		assertTrue(maxAngle <= Math.PI / 2 && maxAngle > 1.5);
		assertArrayEquals(new double[] { 1, 0, 0, 0, 1, 0 }, SpatialAugmentation.compose(0, 1, 0, 0, 1, 1), 1e-12);
		assertArrayEquals(new double[] { 0, -0.5, -0.2, 0.5, 0, 0.1 }, SpatialAugmentation.compose(Math.PI / 2, 0.5, 0.1, 0.2, 1, 1), 1e-12);
	}

	@Test
	void flipSharesDependOnTheBatchAsInTheOfficialCode() {
		Random r = new Random(3);
		int x = 0, y = 0, none = 0, batches = DRAWS / 4;
		for (int i = 0; i < batches; i++)
			for (double[] f : SpatialAugmentation.flips(r, 8)) {
				if (f[0] < 0) x++;
				else if (f[1] < 0) y++;
				else none++;
			}
		double n = 8.0 * batches;
		// P(no flip) = 1 − (7/8)^2, P(y) = (1 − (7/8)^4)·(7/8)^2
		assertEquals(1 - Math.pow(7 / 8.0, 2), none / n, 0.01);
		assertEquals((1 - Math.pow(7 / 8.0, 4)) * Math.pow(7 / 8.0, 2), y / n, 0.01);
		assertEquals(Math.pow(7 / 8.0, 6), x / n, 0.01);
	}
}
