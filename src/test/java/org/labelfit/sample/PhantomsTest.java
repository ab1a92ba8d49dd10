package org.labelfit.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PhantomsTest {

	private static final long SEED = 42;

	@Test
	void sameSeedAndIndexGiveIdenticalSubjects() {
		Subject a = Phantoms.generate2D(SEED, 3, 64);
		Phantoms.generate2D(SEED, 0, 64);
		Phantoms.generate2D(SEED, 7, 64);
		Subject b = Phantoms.generate2D(SEED, 3, 64);
		assertArrayEquals(a.image(), b.image());
		assertArrayEquals(a.labels(), b.labels());
		assertEquals(128, Phantoms.generate2D(SEED, 0).width());
	}

	@Test
	void subjectsAndSeedsDiffer() {
		Subject a = Phantoms.generate2D(SEED, 0, 64), b = Phantoms.generate2D(SEED, 1, 64), c = Phantoms.generate2D(SEED + 1, 0, 64);
		assertFalse(Arrays.equals(a.labels(), b.labels()));
		assertFalse(Arrays.equals(a.labels(), c.labels()));
		assertFalse(Arrays.equals(a.image(), b.image()));
	}

	@Test
	void everySubjectHasAllClassesAndOrderedIntensities() {
		for (int i = 0; i < 10; i++) {
			Subject s = Phantoms.generate2D(SEED, i, 128);
			double[] mean = classMeans(s);
			for (int k = 0; k < 5; k++)
				assertFalse(Double.isNaN(mean[k]), "subject " + i + " lacks class " + k);
			assertTrue(mean[Phantoms.CSF] < mean[Phantoms.GREY_MATTER], "CSF < GM in subject " + i);
			assertTrue(mean[Phantoms.GREY_MATTER] < mean[Phantoms.DEEP_GREY_MATTER], "GM < deep GM in subject " + i);
			assertTrue(mean[Phantoms.DEEP_GREY_MATTER] < mean[Phantoms.WHITE_MATTER], "deep GM < WM in subject " + i);
			for (float v : s.image())
				assertTrue(v >= 0 && v < 1.1, "intensity " + v);
		}
	}

	@Test
	void boundariesShowPartialVolume() {
		Subject s = Phantoms.generate2D(SEED, 5, 128, false);
		int w = s.width();
		// Without noise and bias, pixels inside a class region all hold that class's intensity...
		double[] pure = new double[5];
		for (int y = 1; y < w - 1; y++)
			for (int x = 1; x < w - 1; x++)
				if (!atBoundary(s.labels(), w, x, y))
					pure[s.labels()[y * w + x]] = s.image()[y * w + x];
		// ...so mixed values come from partial volume, which happens at label boundaries.
		int mixed = 0, mixedAtEdge = 0;
		for (int y = 1; y < w - 1; y++)
			for (int x = 1; x < w - 1; x++) {
				int i = y * w + x;
				if (Math.abs(s.image()[i] - pure[s.labels()[i]]) < 1e-6)
					continue;
				mixed++;
				if (atBoundary(s.labels(), w, x, y))
					mixedAtEdge++;
			}
		assertTrue(mixed > 300, "mixed pixels: " + mixed);
		assertTrue(mixedAtEdge > 0.9 * mixed, mixedAtEdge + " of " + mixed + " mixed pixels at label boundaries");
	}

	@Test
	void threeDPhantomHasAllClasses() {
		Subject s = Phantoms.generate3D(SEED, 0, 48, 32);
		assertEquals(48 * 48 * 32, s.labels().length);
		assertEquals(32, s.depth());
		double[] mean = classMeans(s);
		for (int k = 0; k < 5; k++)
			assertFalse(Double.isNaN(mean[k]), "3D phantom lacks class " + k);
		assertTrue(mean[Phantoms.CSF] < mean[Phantoms.GREY_MATTER] && mean[Phantoms.GREY_MATTER] < mean[Phantoms.WHITE_MATTER]);
		assertArrayEquals(s.image(), Phantoms.generate3D(SEED, 0, 48, 32).image());
		assertFalse(Arrays.equals(s.labels(), Phantoms.generate3D(SEED, 1, 48, 32).labels()));
	}

	private static boolean atBoundary(short[] labels, int w, int x, int y) {
		short k = labels[y * w + x];
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++)
				if (labels[(y + dy) * w + x + dx] != k)
					return true;
		return false;
	}

	static double[] classMeans(Subject s) {
		double[] sum = new double[5];
		int[] n = new int[5];
		for (int i = 0; i < s.labels().length; i++) {
			sum[s.labels()[i]] += s.image()[i];
			n[s.labels()[i]]++;
		}
		double[] mean = new double[5];
		for (int k = 0; k < 5; k++)
			mean[k] = n[k] == 0 ? Double.NaN : sum[k] / n[k];
		return mean;
	}
}
