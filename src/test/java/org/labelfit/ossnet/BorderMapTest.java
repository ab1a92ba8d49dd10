package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The border map against hand-computed cases on a 32×32×16 volume. */
class BorderMapTest {

	static final int[] DIMS = { 32, 32, 16 };

	static int index(int x, int y, int z) {
		return (x * DIMS[1] + y) * DIMS[2] + z;
	}

	static int count(boolean[] v) {
		int n = 0;
		for (boolean b : v) if (b) n++;
		return n;
	}

	/**
	 * One voxel: its Sobel derivative along an axis is non-zero exactly at the neighbours offset along that axis, so
	 * the gradient is non-zero at all 26 neighbours and zero at the voxel itself; dilated by 6 that is the cube of
	 * half-width 7 around it.
	 */
	@Test
	void singleVoxelGivesTheCubeOfHalfWidthSeven() {
		boolean[] mask = new boolean[32 * 32 * 16];
		mask[index(10, 10, 8)] = true;
		boolean[] gradient = BorderMap.gradient(mask, DIMS);
		assertEquals(26, count(gradient));
		assertEquals(false, gradient[index(10, 10, 8)]);
		assertEquals(true, gradient[index(11, 9, 8)]);
		boolean[] border = BorderMap.of(mask, DIMS);
		for (int x = 0; x < 32; x++)
			for (int y = 0; y < 32; y++)
				for (int z = 0; z < 16; z++) {
					boolean inCube = Math.abs(x - 10) <= 7 && Math.abs(y - 10) <= 7 && Math.abs(z - 8) <= 7;
					assertEquals(inCube, border[index(x, y, z)], x + "," + y + "," + z);
				}
		assertEquals(15 * 15 * 15, count(border));
	}

	/** A half space x < 16: the derivative along x is non-zero at x = 15 and 16 only; the border is x = 9 … 22. */
	@Test
	void halfSpaceGivesFourteenPlanes() {
		boolean[] mask = new boolean[32 * 32 * 16];
		for (int x = 0; x < 16; x++)
			for (int y = 0; y < 32; y++)
				for (int z = 0; z < 16; z++) mask[index(x, y, z)] = true;
		assertEquals(2 * 32 * 16, count(BorderMap.gradient(mask, DIMS)));
		boolean[] border = BorderMap.of(mask, DIMS);
		assertEquals(14 * 32 * 16, count(border));
		assertEquals(true, border[index(9, 0, 0)]);
		assertEquals(true, border[index(22, 31, 15)]);
		assertEquals(false, border[index(8, 5, 5)]);
		assertEquals(false, border[index(23, 5, 5)]);
	}

	/**
	 * scipy's reflect border: a label filling the volume has no gradient at all, and one touching the x = 0 face
	 * (x &lt; 4) has it only at x = 3 and 4, not at the face; the border is then x = 0 … 10.
	 */
	@Test
	void theVolumeEdgeIsNoBoundary() {
		boolean[] full = new boolean[32 * 32 * 16];
		java.util.Arrays.fill(full, true);
		assertEquals(0, count(BorderMap.of(full, DIMS)));
		boolean[] slab = new boolean[32 * 32 * 16];
		for (int x = 0; x < 4; x++)
			for (int y = 0; y < 32; y++)
				for (int z = 0; z < 16; z++) slab[index(x, y, z)] = true;
		boolean[] gradient = BorderMap.gradient(slab, DIMS);
		assertEquals(2 * 32 * 16, count(gradient));
		assertEquals(false, gradient[index(0, 3, 3)]);
		assertEquals(11 * 32 * 16, count(BorderMap.of(slab, DIMS)));
	}

	/**
	 * Two ellipsoids and scattered voxels against the official recipe itself, run once with SciPy 1.10 and PyTorch 1.13
	 * (Debian): {@code g = generic_gradient_magnitude(m, sobel)}, {@code b = max_pool3d(g, 13, 1, 6) > 0}. It gave
	 * 1295 label voxels, 4730 with g > 0, 15109 border voxels whose C-order indices sum to 116446347 and whose
	 * squares mod 1000003 sum to 7361610950.
	 */
	@Test
	void matchesScipyAndTorchOnAnIrregularLabel() {
		boolean[] mask = new boolean[32 * 32 * 16];
		for (int x = 0; x < 32; x++)
			for (int y = 0; y < 32; y++)
				for (int z = 0; z < 16; z++)
					mask[index(x, y, z)] = (x - 10) * (x - 10) / 36.0 + (y - 12) * (y - 12) / 49.0 + (z - 7) * (z - 7) / 16.0 <= 1 ||
						(x - 22) * (x - 22) + (y - 20) * (y - 20) + (z - 9) * (z - 9) <= 20 || (x + 2 * y + 3 * z) % 17 == 0 && x < 8;
		assertEquals(1295, count(mask));
		assertEquals(4730, count(BorderMap.gradient(mask, DIMS)));
		boolean[] border = BorderMap.of(mask, DIMS);
		long sum = 0, squares = 0;
		for (int i = 0; i < border.length; i++)
			if (border[i]) {
				sum += i;
				squares += (long) i * i % 1000003;
			}
		assertEquals(15109, count(border));
		assertEquals(116446347L, sum);
		assertEquals(7361610950L, squares);
	}

	@Test
	void emptyLabelHasNoBorder() {
		assertEquals(0, count(BorderMap.of(new boolean[32 * 32 * 16], DIMS)));
	}
}
