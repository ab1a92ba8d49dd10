package org.labelfit.universeg.episodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.labelfit.universeg.episodes.AugmentationSettings.Affine;
import org.labelfit.universeg.episodes.AugmentationSettings.Elastic;
import org.labelfit.universeg.episodes.AugmentationSettings.Stage;

class TaskAugmentationTest {

	private static final float[] IMAGE = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f };
	private static final float[] MASK = { 1, 1, 0, 0, 1, 0, 0, 0, 0 };

	private static Pair apply(AugmentationSettings s, float[] image, float[] mask) {
		return TaskAugmentation.sample(new Random(1), s, Fields.side(image.length)).apply(image, mask);
	}

	@Test
	void flipsAreExact() {
		Pair h = apply(Settings.taskFlags(1, 0, 0, 0, 0), IMAGE, MASK);
		assertArrayEquals(new float[] { 0.3f, 0.2f, 0.1f, 0.6f, 0.5f, 0.4f, 0.9f, 0.8f, 0.7f }, h.image());
		assertArrayEquals(new float[] { 0, 1, 1, 0, 1, 0, 0, 0, 0 }, h.mask());
		Pair v = apply(Settings.taskFlags(0, 1, 0, 0, 0), IMAGE, MASK);
		assertArrayEquals(new float[] { 0.7f, 0.8f, 0.9f, 0.4f, 0.5f, 0.6f, 0.1f, 0.2f, 0.3f }, v.image());
		assertArrayEquals(new float[] { 0, 0, 0, 0, 1, 0, 1, 1, 0 }, v.mask());
		Pair both = apply(Settings.taskFlags(1, 1, 0, 0, 0), IMAGE, MASK);
		assertArrayEquals(new float[] { 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f }, both.image());
	}

	@Test
	void inversionsAreExactAndInputsUntouched() {
		float[] image = { 0, 0.25f, 0.5f, 1 }, mask = { 1, 0, 0, 1 };
		Pair p = apply(Settings.taskFlags(0, 0, 1, 0, 0), image, mask);
		assertArrayEquals(new float[] { 1, 0.75f, 0.5f, 0 }, p.image());
		assertArrayEquals(mask, p.mask());
		Pair l = apply(Settings.taskFlags(0, 0, 0, 1, 0), image, mask);
		assertArrayEquals(image, l.image());
		assertArrayEquals(new float[] { 0, 1, 1, 0 }, l.mask());
		assertArrayEquals(new float[] { 0, 0.25f, 0.5f, 1 }, image);
		assertArrayEquals(new float[] { 1, 0, 0, 1 }, mask);
	}

	@Test
	void sobelLabelOfASquareIsItsNormalisedOutline() {
		float[] mask = new float[100];
		for (int y = 3; y <= 6; y++)
			for (int x = 3; x <= 6; x++)
				mask[y * 10 + x] = 1;
		float[] edges = apply(Settings.taskFlags(0, 0, 0, 0, 1), new float[100], mask).mask();
		// |gradient| is sqrt(3² + 3²) at the square's corners (the maximum), 4 beside a straight edge,
		// sqrt(3² + 1²) next to a corner outside, sqrt(1² + 1²) diagonally outside a corner
		assertEquals(1, edges[3 * 10 + 3], 1e-6);
		assertEquals(1, edges[6 * 10 + 6], 1e-6);
		assertEquals(4 / Math.sqrt(18), edges[4 * 10 + 3], 1e-6);
		assertEquals(4 / Math.sqrt(18), edges[4 * 10 + 2], 1e-6);
		assertEquals(Math.sqrt(10.0 / 18), edges[2 * 10 + 3], 1e-6);
		assertEquals(1 / 3.0, edges[2 * 10 + 2], 1e-6);
		for (int i : new int[] { 4 * 10 + 4, 5 * 10 + 5, 0, 8 * 10 + 8, 5 * 10 + 0 })
			assertEquals(0, edges[i], "pixel " + i);
		float max = 0;
		for (float v : edges)
			max = Math.max(max, v);
		assertEquals(1, max);
		// borders replicate, so inverting the label first changes nothing
		assertArrayEquals(edges, apply(Settings.taskFlags(0, 0, 0, 1, 1), new float[100], mask).mask(), 1e-7f);
	}

	@Test
	void identityAffineAndZeroElasticReturnTheInput() {
		float[] image = random(new Random(4), 16 * 16), mask = new float[16 * 16];
		for (int i = 40; i < 120; i++)
			mask[i] = 1;
		Pair p = apply(Settings.taskGeometry(new Affine(1, 0, 1, 1, 0, 0), new Elastic(1, 0, 0.1)), image, mask);
		assertArrayEquals(image, p.image());
		assertArrayEquals(mask, p.mask());
	}

	@Test
	void scalingZoomsAboutTheCentreWithZeroPadding() {
		float[] ramp = new float[25], ones = new float[25];
		for (int i = 0; i < 25; i++) {
			ramp[i] = (i % 5) / 4f;
			ones[i] = 1;
		}
		Elastic off = Stage.none().elastic();
		// scale 2: output x reads input 2 + (x - 2) / 2
		float[] zoomed = apply(Settings.taskGeometry(new Affine(1, 0, 2, 2, 0, 0), off), ramp, ones).image();
		assertArrayEquals(new float[] { 0.25f, 0.375f, 0.5f, 0.625f, 0.75f }, Arrays.copyOfRange(zoomed, 10, 15), 1e-6f);
		// scale 0.5: output x reads input 2 + 2 (x - 2), outside for x = 0 and 4
		Pair shrunk = apply(Settings.taskGeometry(new Affine(1, 0, 0.5, 0.5, 0, 0), off), ones, ones);
		float[] expected = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 };
		assertArrayEquals(expected, shrunk.image(), 1e-6f);
		assertArrayEquals(expected, shrunk.mask());
	}

	@Test
	void oneDrawActsIdenticallyOnIdenticalPairs() {
		AugmentationSettings s = new AugmentationSettings(Settings.allOn(Stage.taskDefaults(), true), Stage.none());
		Random rng = new Random(9);
		float[] image = random(rng, 32 * 32), mask = square(32);
		TaskAugmentation t = TaskAugmentation.sample(rng, s, 32);
		Pair a = t.apply(image.clone(), mask.clone()), b = t.apply(image.clone(), mask.clone());
		assertArrayEquals(a.image(), b.image());
		assertArrayEquals(a.mask(), b.mask());
		assertFalse(Arrays.equals(image, a.image()));
	}

	@Test
	void outputsStayInRangeAndMasksStayBinary() {
		Random rng = new Random(5);
		float[] image = random(rng, 32 * 32), mask = square(32);
		for (boolean sobel : new boolean[] { false, true })
			for (int draw = 0; draw < 150; draw++) {
				Stage task = Settings.allOn(Stage.taskDefaults(), sobel);
				Pair p = TaskAugmentation.sample(rng, new AugmentationSettings(task, Stage.none()), 32).apply(image, mask);
				assertInRange(p.image());
				if (sobel)
					assertInRange(p.mask());
				else
					assertBinary(p.mask());
			}
	}

	static void assertInRange(float[] v) {
		for (float x : v)
			assertTrue(x >= 0 && x <= 1, "value " + x);
	}

	static void assertBinary(float[] v) {
		for (float x : v)
			assertTrue(x == 0 || x == 1, "mask value " + x);
	}

	static float[] random(Random rng, int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = rng.nextFloat();
		return v;
	}

	/** A filled square covering the middle half of a size×size mask. */
	static float[] square(int size) {
		float[] m = new float[size * size];
		for (int y = size / 4; y < 3 * size / 4; y++)
			for (int x = size / 4; x < 3 * size / 4; x++)
				m[y * size + x] = 1;
		return m;
	}
}
