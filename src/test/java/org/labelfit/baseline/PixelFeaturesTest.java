package org.labelfit.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;

import org.junit.jupiter.api.Test;

class PixelFeaturesTest {

	private static final List<String> NAMES = PixelFeatures.names();

	@Test
	void stackHasOneRowPerNamedFeature() {
		float[][] stack = PixelFeatures.compute(new float[12], 4, 3);
		assertEquals(20, NAMES.size());
		assertEquals(NAMES.size(), stack.length);
		for (float[] feature : stack)
			assertEquals(12, feature.length);
		assertThrows(IllegalArgumentException.class, () -> PixelFeatures.compute(new float[12], 5, 3));
	}

	@Test
	void constantImageHasConstantBlursAndZeroDerivativesUpToTheBorders() {
		float[] image = new float[7 * 5];
		Arrays.fill(image, 3.5f);
		// σ = 8: the 25-pixel kernel radius is larger than the image, so the mirror wraps several times.
		float[][] stack = PixelFeatures.compute(image, 7, 5);
		for (int f = 0; f < stack.length; f++) {
			String name = NAMES.get(f);
			float expected = name.equals("original") || name.startsWith("gaussian") ? 3.5f : 0;
			for (float v : stack[f])
				assertEquals(expected, v, 1e-5, name);
		}
	}

	@Test
	void blurOfDeltaIsTheNormalisedKernel() {
		int size = 21, c = 10;
		float[] delta = new float[size * size];
		delta[c * size + c] = 1;
		double sum = 0;
		for (int i = -3; i <= 3; i++)
			sum += Math.exp(-i * i / 2.0);
		float[] blurred = PixelFeatures.gaussianBlur(delta, size, size, 1);
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				int dx = x - c, dy = y - c;
				double expected = Math.abs(dx) > 3 || Math.abs(dy) > 3 ? 0
					: Math.exp(-(dx * dx + dy * dy) / 2.0) / (sum * sum);
				assertEquals(expected, blurred[y * size + x], 1e-7, "at " + x + "," + y);
			}
	}

	@Test
	void gradientMagnitudeOfRampIsItsSlopeAwayFromBorders() {
		float[][] stack = features(64, (x, y) -> 0, 0.3, 0.4);
		for (int s : new int[] { 1, 2, 4 })
			assertInterior(stack, "gradient " + s, 0.5, 64, 3 * s + 2, 1e-4);
	}

	@Test
	void hessianEigenvaluesOfQuadraticBowl() {
		int size = 48, c = size / 2;
		float[][] stack = features(size, (x, y) -> (x - c) * (x - c) + 2 * (y - c) * (y - c), 0, 0);
		for (int s : new int[] { 1, 2, 4 }) {
			assertInterior(stack, "hessian largest " + s, 4, size, 3 * s + 2, 1e-2);
			assertInterior(stack, "hessian smallest " + s, 2, size, 3 * s + 2, 1e-2);
			assertInterior(stack, "laplacian " + s, 6, size, 3 * s + 2, 1e-2);
		}
	}

	/** Features of a square image: {@code 1 + quadratic(x, y) + ax·x + ay·y}. */
	private static float[][] features(int size, IntBinaryOperator quadratic, double ax, double ay) {
		float[] image = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				image[y * size + x] = (float) (1 + quadratic.applyAsInt(x, y) + ax * x + ay * y);
		return PixelFeatures.compute(image, size, size);
	}

	/** Checks a feature at every pixel at least {@code margin} from the border. */
	private static void assertInterior(float[][] stack, String name, double expected, int size, int margin,
		double tolerance) {
		float[] feature = stack[NAMES.indexOf(name)];
		for (int y = margin; y < size - margin; y++)
			for (int x = margin; x < size - margin; x++)
				assertEquals(expected, feature[y * size + x], tolerance, name + " at " + x + "," + y);
	}
}
