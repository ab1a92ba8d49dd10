package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;

class AffineWarpTest {

	/** A 2×3 slice: rows [1 2 3] and [4 5 6]. */
	private static final float[] IMAGE = { 1, 2, 3, 4, 5, 6 };

	private static float[] warp(double... theta) {
		return AffineWarp.full(new double[][] { theta }, 2, 3).apply(IMAGE);
	}

	@Test
	void matchesGridSampleWithAlignedCornersByHand() {
		assertArrayEquals(IMAGE, warp(1, 0, 0, 0, 1, 0), 1e-6f);
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, warp(-1, 0, 0, 0, 1, 0), 1e-6f);
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3 }, warp(1, 0, 0, 0, -1, 0), 1e-6f);
		// zoom by 2 about the centre: sample points x ∈ {0.5, 1, 1.5}, y ∈ {0.25, 0.75} in pixels
		assertArrayEquals(new float[] { 2.25f, 2.75f, 3.25f, 3.75f, 4.25f, 4.75f }, warp(0.5, 0, 0, 0, 0.5, 0), 1e-6f);
	}

	@Test
	void cornersOutsideTheImageCountAsZero() {
		// a shift by half the normalised width moves x by one pixel: the last column samples x = 3, outside
		assertArrayEquals(new float[] { 2, 3, 0, 5, 6, 0 }, warp(1, 0, 1, 0, 1, 0), 1e-6f);
		// x = 2.5: half of the last pixel, half of the zero padding
		assertArrayEquals(new float[] { 1.5f, 2.5f, 1.5f, 4.5f, 5.5f, 3f }, warp(1, 0, 0.5, 0, 1, 0), 1e-6f);
	}

	@Test
	void aQuarterTurnOfASquareSliceIsExact() {
		float[] square = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
		// θ maps output (x, y) to input (−y, x): output (i, j) reads input row j, column 2 − i
		float[] rotated = AffineWarp.full(new double[][] { { 0, -1, 0, 1, 0, 0 } }, 3, 3).apply(square);
		assertArrayEquals(new float[] { 2, 5, 8, 1, 4, 7, 0, 3, 6 }, rotated, 1e-6f);
	}

	@Test
	void featureWarpEqualsTheImageWarpAndItsGradientMatchesFiniteDifferences() {
		int b = 2, h = 4, w = 5, c = 3;
		Random r = new Random(7);
		double[][] theta = new double[b][];
		for (int i = 0; i < b; i++) {
			double a = r.nextDouble() * 2 - 1, s = 0.4 + 0.5 * r.nextDouble();
			theta[i] = new double[] { s * Math.cos(a), -s * Math.sin(a), 0.3 * r.nextGaussian(), s * Math.sin(a), s * Math.cos(a),
				0.3 * r.nextGaussian() };
		}
		int[] pixels = { 0, 3, 7, 19, 20, 27, 39 };
		float[] f = new float[b * h * w * c], weights = new float[pixels.length * c];
		for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
		for (int i = 0; i < weights.length; i++) weights[i] = (float) r.nextGaussian();
		AffineWarp warp = new AffineWarp(theta, h, w, pixels);
		try (NDManager m = Engines.newManager(Device.cpu())) {
			NDArray features = m.create(f, new Shape(b * h * w, c));
			features.setRequiresGradient(true);
			NDArray rw = m.create(weights, new Shape(pixels.length, c));
			float[] gradient;
			try (Autograd recording = Autograd.record()) {
				NDArray loss = warp.apply(features).mul(rw).sum();
				Autograd.backward(loss);
				gradient = features.getGradient().toFloatArray();
			}
			try (Autograd noGraph = Autograd.pause()) {
				// channel 1 of the features as images must warp to channel 1 of the feature warp
				float[] channel = new float[b * h * w];
				for (int p = 0; p < channel.length; p++) channel[p] = f[p * c + 1];
				float[] full = AffineWarp.full(theta, h, w).apply(channel), some = warp.apply(m.create(f, new Shape(b * h * w, c))).toFloatArray();
				for (int n = 0; n < pixels.length; n++) assertEquals(full[pixels[n]], some[n * c + 1], 1e-5f);
				double eps = 1e-2;
				for (int k = 0; k < f.length; k += 5) {
					float[] plus = f.clone(), minus = f.clone();
					plus[k] += eps;
					minus[k] -= eps;
					double lp = warp.apply(m.create(plus, new Shape(b * h * w, c))).mul(rw).sum().getFloat();
					double lm = warp.apply(m.create(minus, new Shape(b * h * w, c))).mul(rw).sum().getFloat();
					assertEquals((lp - lm) / (2 * eps), gradient[k], 2e-3, "d loss / d feature " + k);
				}
			}
		}
	}
}
