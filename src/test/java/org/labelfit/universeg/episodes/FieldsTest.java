package org.labelfit.universeg.episodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.labelfit.image.Gaussian;

class FieldsTest {

	@Test
	void gaussianKernelMatchesHandComputedWeights() {
		// sigma 1: exp(-k²/2) for k = 0..3 is 1, 0.606531, 0.135335, 0.011109; their sum over -3..3 is 2.505950
		assertArrayEquals(new double[] { 0.0044330, 0.0540056, 0.2420362, 0.3990503, 0.2420362, 0.0540056, 0.0044330 },
				Gaussian.kernel(1), 1e-7);
		// sigma 0.5: radius ceil(1.5) = 2, exp(-2k²) is 1, 0.135335, 0.000335
		assertArrayEquals(new double[] { 0.0002639, 0.1064508, 0.7865707, 0.1064508, 0.0002639 }, Gaussian.kernel(0.5), 1e-7);
		assertThrows(IllegalArgumentException.class, () -> Gaussian.kernel(0));
	}

	@Test
	void blurKeepsAConstantImageAndItsMean() {
		float[] flat = new float[49];
		Arrays.fill(flat, 0.3f);
		float[] out = Fields.blur(flat, 7, 1.1);
		assertArrayEquals(flat, out, 1e-6f);
		assertEquals(0.3, mean(out), 1e-6);
	}

	@Test
	void blurOfAnImpulseIsTheOuterProductOfTheKernel() {
		float[] impulse = new float[81];
		impulse[4 * 9 + 4] = 1;
		float[] out = Fields.blur(impulse, 9, 1);
		double[] w = { 0.0044330, 0.0540056, 0.2420362, 0.3990503, 0.2420362, 0.0540056, 0.0044330 };
		for (int y = 0; y < 9; y++)
			for (int x = 0; x < 9; x++) {
				double expected = y >= 1 && y <= 7 && x >= 1 && x <= 7 ? w[y - 1] * w[x - 1] : 0;
				assertEquals(expected, out[y * 9 + x], 1e-7, "pixel " + x + "," + y);
			}
		assertEquals(1.0 / 81, mean(out), 1e-7);
	}

	@Test
	void bilinearInterpolatesAndReadsZeroOutside() {
		float[] img = { 0.2f, 0.6f, 1.0f, 0.4f };
		assertEquals(0.2f, Fields.bilinear(img, 2, 0, 0));
		assertEquals(0.4f, Fields.bilinear(img, 2, 1, 1));
		assertEquals(0.3, Fields.bilinear(img, 2, 0.25, 0), 1e-6);
		assertEquals(0.55, Fields.bilinear(img, 2, 0.5, 0.5), 1e-6);
		assertEquals(0.3, Fields.bilinear(img, 2, 1.5, 0), 1e-6); // halfway between 0.6 and the zero padding
		assertEquals(0, Fields.bilinear(img, 2, -1, 0));
		assertEquals(0, Fields.bilinear(img, 2, 0, 7.5));
	}

	@Test
	void smoothFieldsAreNormalisedSmoothAndReproducible() {
		for (double sigma : new double[] { 2, 8 }) { // fine grid, then the coarse-grid path; white noise would step by up to 2
			float[] f = Fields.smoothField(new Random(3), 64, sigma);
			assertArrayEquals(f, Fields.smoothField(new Random(3), 64, sigma));
			double max = 0, step = 0;
			for (int y = 0; y < 64; y++)
				for (int x = 0; x < 64; x++) {
					max = Math.max(max, Math.abs(f[y * 64 + x]));
					if (x > 0)
						step = Math.max(step, Math.abs(f[y * 64 + x] - f[y * 64 + x - 1]));
				}
			assertEquals(1, max, 1e-6);
			assertTrue(step < 1.5 / sigma, "largest neighbour step " + step + " at sigma " + sigma);
		}
	}

	static double mean(float[] v) {
		double s = 0;
		for (float x : v)
			s += x;
		return s / v.length;
	}
}
