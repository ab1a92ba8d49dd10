package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;

/** Point sampling: the border share, the uniform range and the fallbacks of the official datasets. */
class PointSamplerTest {

	static final OssNetConfig.Grid GRID = new OssNetConfig.Grid(32, 32, 16);

	static int index(int[] points, int i) {
		return (points[3 * i] * GRID.y() + points[3 * i + 1]) * GRID.z() + points[3 * i + 2];
	}

	/** The slab x &lt; 4: 4·32·16 = 2048 of the 16384 voxels. */
	static boolean[] slab() {
		boolean[] b = new boolean[(int) GRID.voxels()];
		for (int i = 0; i < 4 * 32 * 16; i++) b[i] = true;
		return b;
	}

	@Test
	void halfTheDefaultPointsComeFromTheBorderWithoutRepeats() {
		// x < 20: 10240 border voxels, more than the 8192 wanted
		boolean[] border = new boolean[(int) GRID.voxels()];
		for (int i = 0; i < 20 * 32 * 16; i++) border[i] = true;
		int[] points = PointSampler.sample(border, GRID, PointSampler.DEFAULT_POINTS, 0.5, new Random(1));
		assertEquals(3 * 16384, points.length);
		Set<Integer> seen = new HashSet<>();
		for (int i = 0; i < 8192; i++) {
			assertTrue(border[index(points, i)]);
			assertTrue(seen.add(index(points, i)), "border points are drawn without replacement");
		}
		// the uniform half lands on the border with probability 20/31 (x is drawn from 0 … 30)
		int inBorder = 0;
		for (int i = 8192; i < 16384; i++) if (border[index(points, i)]) inBorder++;
		double p = 20.0 / 31, sd = Math.sqrt(8192 * p * (1 - p));
		assertEquals(8192 * p, inBorder, 4 * sd);
	}

	@Test
	void fewBorderVoxelsAreAllTakenAndTheRestIsUniform() {
		boolean[] border = new boolean[(int) GRID.voxels()];
		int[] chosen = { 5, 700, 9000 };
		for (int c : chosen) border[c] = true;
		int[] points = PointSampler.sample(border, GRID, 16, 0.5, new Random(2));
		Set<Integer> first = new HashSet<>();
		for (int i = 0; i < 3; i++) first.add(index(points, i));
		assertEquals(Set.of(5, 700, 9000), first);
		assertEquals(3 * 16, points.length);
	}

	/** ⌊5·0.5⌋ = 2 border points and ⌈5·0.5⌉ = 3 uniform ones; f = 0 is all uniform. */
	@Test
	void borderShareRoundsDownAndZeroIsUniform() {
		boolean[] border = slab();
		int[] odd = PointSampler.sample(border, GRID, 5, 0.5, new Random(3));
		assertTrue(border[index(odd, 0)] && border[index(odd, 1)]);
		Random same = new Random(4);
		int[] uniform = PointSampler.sample(border, GRID, 64, 0, same);
		int[] empty = PointSampler.sample(new boolean[border.length], GRID, 64, 0, new Random(4));
		assertArrayEquals(empty, uniform, "with f = 0 the border map plays no part");
	}

	/** Uniform coordinates are ⌊u·(n − 1)⌋: every index 0 … n − 2 of each axis, never n − 1. */
	@Test
	void uniformCoordinatesCoverAllButTheLastIndex() {
		int[] points = PointSampler.sample(new boolean[(int) GRID.voxels()], GRID, 20000, 0.5, new Random(5));
		int[] sides = GRID.toArray();
		for (int a = 0; a < 3; a++) {
			boolean[] hit = new boolean[sides[a]];
			for (int i = 0; i < 20000; i++) hit[points[3 * i + a]] = true;
			for (int k = 0; k < sides[a] - 1; k++) assertTrue(hit[k], "axis " + a + " index " + k);
			assertEquals(false, hit[sides[a] - 1]);
		}
	}

	@Test
	void labelsAreTheMaskAtThePoints() {
		boolean[] mask = slab();
		int[] points = { 3, 31, 15, 4, 0, 0, 0, 0, 0 };
		assertArrayEquals(new float[] { 1, 0, 1 }, PointSampler.labels(mask, GRID, points));
	}

	@Test
	void rejectsBadSettings() {
		boolean[] border = slab();
		assertThrows(LabelFitException.class, () -> PointSampler.sample(border, GRID, 0, 0.5, new Random()));
		assertThrows(LabelFitException.class, () -> PointSampler.sample(border, GRID, 16, 1.5, new Random()));
	}
}
