package org.labelfit.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComponentsTest {

	static final int N = 30;

	static void cube(boolean[] m, int x0, int y0, int z0, int side) {
		for (int z = z0; z < z0 + side; z++)
			for (int y = y0; y < y0 + side; y++)
				for (int x = x0; x < x0 + side; x++) m[x + N * (y + N * z)] = true;
	}

	static int count(boolean[] m) {
		int n = 0;
		for (boolean b : m) if (b) n++;
		return n;
	}

	@Test
	void removesA5CubeAndKeepsA13CubeAtTheOfficialThreshold() {
		boolean[] m = new boolean[N * N * N];
		cube(m, 1, 1, 1, 5);
		cube(m, 10, 10, 10, 13);
		assertEquals(125, Components.removeSmall(m, N, N, N, Components.DEFAULT_MIN_VOXELS));
		assertEquals(13 * 13 * 13, count(m));
		assertFalse(m[3 + N * (3 + N * 3)]);
		assertTrue(m[16 + N * (16 + N * 16)]);
	}

	@Test
	void componentsAreFaceConnected() {
		// two 2×2×2 cubes touching at one corner are two components of 8, one of 16 when they share a face
		boolean[] corner = new boolean[N * N * N];
		cube(corner, 0, 0, 0, 2);
		cube(corner, 2, 2, 2, 2);
		assertEquals(16, Components.removeSmall(corner, N, N, N, 9));
		boolean[] face = new boolean[N * N * N];
		cube(face, 0, 0, 0, 2);
		cube(face, 2, 0, 0, 2);
		assertEquals(0, Components.removeSmall(face, N, N, N, 16));
		assertEquals(16, Components.removeSmall(face, N, N, N, 17));
	}
}
