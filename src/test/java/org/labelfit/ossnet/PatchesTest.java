package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;

class PatchesTest {

	private static final OssNetConfig.Grid GRID = new OssNetConfig.Grid(9, 10, 11);

	/** Channel c, voxel (x, y, z) holds 1000c + 100x + 10y + z (+1 so that no voxel is 0). */
	private static float[] ramp(int channels) {
		float[] v = new float[channels * (int) GRID.voxels()];
		for (int c = 0; c < channels; c++)
			for (int x = 0; x < 9; x++)
				for (int y = 0; y < 10; y++)
					for (int z = 0; z < 11; z++) v[((c * 9 + x) * 10 + y) * 11 + z] = 1000 * c + 100 * x + 10 * y + z + 1;
		return v;
	}

	private static float at(float[] patches, int cp, int point, int channel, int a, int b, int d) {
		return patches[((point * cp + channel) * 7 + a) * 7 * 7 + b * 7 + d];
	}

	@Test
	void localPatchesAreCentredWithZerosOutsideTheVolume() {
		float[] p = Patches.extract(ramp(2), 2, GRID, new int[] { 4, 5, 5, 0, 0, 10 }, false, Patches.Pooling.AVERAGE);
		assertEquals(2 * 2 * 343, p.length);
		// inside: cell (a, b, d) is voxel (x + a − 3, …)
		assertEquals(1000 + 100 * 4 + 10 * 5 + 5 + 1, at(p, 2, 0, 1, 3, 3, 3));
		assertEquals(100 * 1 + 10 * 2 + 2 + 1, at(p, 2, 0, 0, 0, 0, 0));
		assertEquals(100 * 7 + 10 * 8 + 8 + 1, at(p, 2, 0, 0, 6, 6, 6));
		// at the corner (0, 0, 10): a < 3, b < 3 or d > 3 leave the volume
		assertEquals(10 + 1, at(p, 2, 1, 0, 3, 3, 3));
		assertEquals(0, at(p, 2, 1, 0, 2, 3, 3));
		assertEquals(0, at(p, 2, 1, 1, 3, 3, 4));
		assertEquals(1000 + 100 * 3 + 10 * 3 + 7 + 1, at(p, 2, 1, 1, 6, 6, 0));
	}

	@Test
	void largePatchesPoolTheFourteenCubeAfterTheLocalChannels() {
		float[] v = ramp(1);
		int[] point = { 7, 7, 7 };
		float[] avg = Patches.extract(v, 1, GRID, point, true, Patches.Pooling.AVERAGE), max = Patches.extract(v, 1, GRID, point, true,
			Patches.Pooling.MAX);
		assertEquals(2 * 343, avg.length);
		// channel 0 is the local patch, unchanged by the large one
		assertEquals(Arrays.copyOf(Patches.extract(v, 1, GRID, point, false, Patches.Pooling.AVERAGE), 343)[171], avg[171]);
		// cell (3, 3, 3) pools voxels 6 … 7 of each axis (offsets −1 and 0), all inside: mean of the ramp is at 6.5
		assertEquals(100 * 6.5 + 10 * 6.5 + 6.5 + 1, at(avg, 2, 0, 1, 3, 3, 3), 1e-3);
		assertEquals(100 * 7 + 10 * 7 + 7 + 1, at(max, 2, 0, 1, 3, 3, 3));
		// cell (0, 3, 3) pools x = 0 … 1 (offsets −7, −6)
		assertEquals(100 * 0.5 + 10 * 6.5 + 6.5 + 1, at(avg, 2, 0, 1, 0, 3, 3), 1e-3);
		// cell (6, 3, 3) pools x = 12, 13: outside a 9-voxel axis, zeros
		assertEquals(0, at(avg, 2, 0, 1, 6, 3, 3));
		// cell (5, 3, 3) pools x = 10, 11 (outside) for x; cell (4, 3, 3) pools x = 8 (inside) and 9 (outside): half the mean
		assertEquals(0, at(avg, 2, 0, 1, 5, 3, 3));
		assertEquals((100 * 8 + 10 * 6.5 + 6.5 + 1) / 2, at(avg, 2, 0, 1, 4, 3, 3), 1e-3);
	}

	@Test
	void paddingZerosTakePartInBothPoolings() {
		float[] negative = new float[(int) GRID.voxels()];
		Arrays.fill(negative, -1);
		float[] avg = Patches.extract(negative, 1, GRID, new int[] { 0, 5, 5 }, true, Patches.Pooling.AVERAGE), max = Patches.extract(negative, 1,
			GRID, new int[] { 0, 5, 5 }, true, Patches.Pooling.MAX);
		// cell (3, 3, 3) pools x = −1 (padding) and 0: four −1 and four zeros
		assertEquals(-0.5, at(avg, 2, 0, 1, 3, 3, 3), 1e-6);
		assertEquals(0, at(max, 2, 0, 1, 3, 3, 3));
		// cell (4, 3, 3) pools x = 1, 2: all inside
		assertEquals(-1, at(avg, 2, 0, 1, 4, 3, 3));
		assertEquals(-1, at(max, 2, 0, 1, 4, 3, 3));
	}

	@Test
	void pointsOutsideTheGridAndShortVolumesAreRefused() {
		assertThrows(LabelFitException.class, () -> Patches.extract(ramp(1), 1, GRID, new int[] { 9, 0, 0 }, false, Patches.Pooling.AVERAGE));
		assertThrows(LabelFitException.class, () -> Patches.extract(ramp(1), 2, GRID, new int[] { 0, 0, 0 }, false, Patches.Pooling.AVERAGE));
		assertEquals(Patches.Pooling.MAX, Patches.Pooling.of("max"));
		assertThrows(LabelFitException.class, () -> Patches.Pooling.of("median"));
	}
}
