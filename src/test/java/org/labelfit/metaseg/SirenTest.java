package org.labelfit.metaseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;

class SirenTest {

	static NDManager manager;

	@BeforeAll
	static void start() {
		manager = Engines.newManager(ai.djl.Device.cpu());
	}

	@AfterAll
	static void stop() {
		manager.close();
	}

	@Test
	void parameterCountsMatchThePaper() {
		assertEquals(83_718, SirenConfig.preset("2d", 5).parameterCount());
		assertEquals(66_561, SirenConfig.preset("2d", 5).inrParameterCount());
		assertEquals(1_065_498, SirenConfig.preset("2d-fine", 25).parameterCount());
		assertEquals(331_526, SirenConfig.preset("3d", 5).parameterCount());
		assertEquals(264_449, SirenConfig.preset("3d", 5).inrParameterCount());
	}

	@Test
	void parameterNamesAreTheOfficialStateDictKeys() {
		List<String> names = SirenConfig.preset("2d", 5).parameterNames();
		assertEquals("inr.net.0.linear.weight", names.get(0));
		assertEquals("inr.net.4.linear.bias", names.get(9));
		assertEquals("inr.net.5.weight", names.get(10));
		assertEquals("segmentation_head.segmentation_head.2.bias", names.get(15));
		assertArrayEquals(new long[] { 128, 2 }, SirenConfig.preset("2d", 5).parameterShapes().get(0));
	}

	@Test
	void initialisationFollowsSirenRanges() {
		SirenConfig c = SirenConfig.preset("2d", 5);
		NDList p = new Siren(c).initialize(manager, 1);
		double hidden = Math.sqrt(6.0 / 128) / 30;
		assertRange(p.get(0), 0.5); // first layer U(-1/in, 1/in), in = 2
		assertRange(p.get(1), 1 / Math.sqrt(2)); // bias default U(±1/√fan_in)
		assertRange(p.get(2), hidden);
		assertRange(p.get(3), 1 / Math.sqrt(128));
		assertRange(p.get(10), hidden); // linear output
		assertRange(p.get(12), 1 / Math.sqrt(128)); // head: PyTorch default
		assertRange(p.get(14), 1 / Math.sqrt(128));
		// same seed, same weights; another seed, other weights
		assertArrayEquals(p.get(2).toFloatArray(), new Siren(c).initialize(manager, 1).get(2).toFloatArray());
		assertTrue(p.get(2).toFloatArray()[0] != new Siren(c).initialize(manager, 2).get(2).toFloatArray()[0]);
	}

	/** Values fill the range: the extremes come within 2 % of the bound and never exceed it. */
	private static void assertRange(NDArray a, double bound) {
		float[] v = a.toFloatArray();
		double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
		for (float x : v) {
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		assertTrue(max <= bound && min >= -bound, "outside ±" + bound);
		if (v.length >= 1000) assertTrue(max > 0.98 * bound && min < -0.98 * bound, "does not fill ±" + bound);
	}

	@Test
	void coordinatesFollowRowsFirst() {
		float[] c = Coordinates.grid2d(3, 5); // width 3, height 5
		// pixel (row 1, col 2) is point 1*3+2 = 5: (-1 + 2/4, -1 + 4/2)
		assertEquals(-0.5f, c[10], 1e-7);
		assertEquals(1f, c[11], 1e-7);
		assertEquals(-1f, c[0]);
		assertEquals(-1f, c[1]);
		// 3D: full grid, then stride 2; coordinates keep the full-grid spacing
		float[] d = Coordinates.grid3d(5, 5, 3, 2);
		assertEquals(3 * 3 * 2 * 3, d.length);
		// second point: x = 2 of 5 -> col coordinate 0; row 0 -> -1; slice 0 -> -1
		assertArrayEquals(new float[] { -1f, 0f, -1f }, new float[] { d[3], d[4], d[5] }, 1e-7f);
		// last point: (row 4, col 4, slice 2) -> (1, 1, 1)
		assertArrayEquals(new float[] { 1f, 1f, 1f }, new float[] { d[d.length - 3], d[d.length - 2], d[d.length - 1] }, 1e-7f);
	}

	@Test
	void focalLossMatchesHandComputation() {
		// logits (0, ln 3): softmax (0.25, 0.75). Point 1 true class 1: p_t = 0.75; point 2 true class 0: p_t = 0.25.
		NDArray logits = manager.create(new float[] { 0, (float) Math.log(3), 0, (float) Math.log(3) }, new Shape(2, 2));
		NDArray oneHot = manager.create(new float[] { 0, 1, 1, 0 }, new Shape(2, 2));
		double l1 = -(0.25) * Math.log(0.75), l2 = -(0.75) * Math.log(0.25);
		assertEquals((l1 + l2) / 2, Siren.focal(logits, oneHot, 1).getFloat(), 1e-6);
		double g1 = -Math.pow(0.25, 2) * Math.log(0.75), g2 = -Math.pow(0.75, 2) * Math.log(0.25);
		assertEquals((g1 + g2) / 2, Siren.focal(logits, oneHot, 2).getFloat(), 1e-6);
		// γ = 0 is cross-entropy
		assertEquals(-(Math.log(0.75) + Math.log(0.25)) / 2, Siren.focal(logits, oneHot, 0).getFloat(), 1e-6);
	}

	@Test
	void handWrittenGradientsEqualAutograd() {
		for (boolean withLabels : new boolean[] { true, false }) {
			for (boolean weighted : new boolean[] { false, true }) {
				SirenConfig c = new SirenConfig("tiny", 3, 8, 3, 4, 30);
				Siren siren = new Siren(c);
				NDList p = siren.initialize(manager, 7);
				Task t = Task.random(manager, 20, 3, 4, 3);
				NDArray weights = weighted ? t.weights : null;
				NDArray oneHot = withLabels ? t.oneHot : null;
				Siren.Gradients manual = siren.gradients(p, t.coords, t.target, weights, oneHot, 2.0);
				for (NDArray a : p) a.setRequiresGradient(true);
				try (Autograd g = Autograd.record()) {
					Siren.Forward f = siren.forward(p, t.coords, withLabels);
					NDArray loss = Siren.mse(f.intensity(), t.target, weights);
					if (withLabels) loss = loss.add(Siren.focal(f.logits(), oneHot, 2.0));
					Autograd.backward(loss);
					assertEquals(loss.getFloat(), manual.loss().getFloat(), 1e-6);
				}
				for (int i = 0; i < manual.grads().size(); i++) {
					assertArrayEquals(p.get(i).getGradient().toFloatArray(), manual.grads().get(i).toFloatArray(), 2e-5f,
						c.parameterNames().get(i) + " labels=" + withLabels + " weighted=" + weighted);
				}
				for (NDArray a : p) a.setRequiresGradient(false);
			}
		}
	}

	@Test
	void innerAdamStepMatchesHandComputation() {
		NDList theta = new NDList(manager.create(new float[] { 1f, -2f }));
		InnerAdam adam = new InnerAdam(0.1);
		// step 1 with g = (0.5, 0): m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 -> Δ = 0.1·0.5/(0.5+1e-8) ≈ 0.1
		// for g = 0, v̂ = 0 is clamped to 1e-12 so the update is 0 / (1e-6 + 1e-8) = 0
		NDList t1 = adam.step(theta, new NDList(manager.create(new float[] { 0.5f, 0f })));
		assertArrayEquals(new float[] { 0.9f, -2f }, t1.get(0).toFloatArray(), 1e-6f);
		// step 2 with g = (-1, 0): m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975
		// m̂ = -0.055/0.19, v̂ = 0.00124975/(1-0.999²)
		double mHat = -0.055 / (1 - 0.81), vHat = 0.00124975 / (1 - 0.999 * 0.999);
		double expected = 0.9 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
		NDList t2 = adam.step(t1, new NDList(manager.create(new float[] { -1f, 0f })));
		assertEquals(expected, t2.get(0).toFloatArray()[0], 1e-5);
		assertEquals(1f, theta.get(0).toFloatArray()[0]); // inputs untouched
	}

	/** A small random task in double precision for gradient checks. */
	record Task(NDArray coords, NDArray target, NDArray oneHot, NDArray weights) {

		static Task random(NDManager m, int n, int dims, int classes, long seed) {
			java.util.Random r = new java.util.Random(seed);
			float[] c = new float[n * dims], t = new float[n], hot = new float[n * classes], w = new float[n];
			for (int i = 0; i < c.length; i++) c[i] = r.nextFloat() * 2 - 1;
			for (int i = 0; i < n; i++) {
				t[i] = r.nextFloat();
				int label = r.nextInt(classes);
				hot[i * classes + label] = 1;
				w[i] = label == 0 ? 0.1f : 1f;
			}
			return new Task(m.create(c, new Shape(n, dims)), m.create(t, new Shape(n, 1)), m.create(hot, new Shape(n, classes)),
				m.create(w, new Shape(n, 1)));
		}

		Task toDouble() {
			return new Task(coords.toType(DataType.FLOAT64, true), target.toType(DataType.FLOAT64, true),
				oneHot.toType(DataType.FLOAT64, true), weights.toType(DataType.FLOAT64, true));
		}
	}
}
