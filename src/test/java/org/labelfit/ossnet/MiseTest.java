package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.labelfit.train.CancelledException;
import org.labelfit.train.Progress;

/** MISE against hand counts and against dense evaluation of functions whose answer is known. */
class MiseTest {

	static final double TAU = 0.5;

	/** A ball of radius r around c: 1 inside (distance ≤ r), 0 outside. */
	static Mise.Occupancy ball(double cx, double cy, double cz, double r, List<Integer> calls) {
		return coordinates -> {
			calls.add(coordinates.length / 3);
			float[] p = new float[coordinates.length / 3];
			for (int i = 0; i < p.length; i++) {
				double dx = coordinates[3 * i] - cx, dy = coordinates[3 * i + 1] - cy, dz = coordinates[3 * i + 2] - cz;
				p[i] = dx * dx + dy * dy + dz * dz <= r * r ? 0.9f : 0.1f;
			}
			return p;
		};
	}

	@Test
	void onePointCostsTheLatticeAndTwoNeighbourhoods() {
		OssNetConfig.Grid grid = new OssNetConfig.Grid(16, 16, 16);
		List<Integer> calls = new ArrayList<>();
		Mise.Result r = Mise.coarseToFine(grid, ball(8, 8, 8, 0, calls), TAU, 1 << 14, null, Progress.NONE, "point");
		// stride 4: 4³ lattice points; stride 2: 5³ lattice points within ±4 of (8, 8, 8), less itself; stride 1: 3³ − 1
		assertArrayEquals(new long[] { 64, 124, 26 }, r.queries());
		int ones = 0;
		for (byte b : r.occupancy()) ones += b;
		assertEquals(1, ones);
		assertEquals(1, r.occupancy()[(8 * 16 + 8) * 16 + 8]);
	}

	@Test
	void ballEqualsDenseEvaluationWithFarFewerQueries() {
		OssNetConfig.Grid grid = new OssNetConfig.Grid(64, 64, 40);
		List<Integer> calls = new ArrayList<>();
		Mise.Result dense = Mise.dense(grid, ball(32, 32, 20, 12, calls), TAU, 4096, Progress.NONE, "ball");
		assertEquals(grid.voxels(), dense.totalQueries());
		calls.clear();
		Mise.Result mise = Mise.coarseToFine(grid, ball(32, 32, 20, 12, calls), TAU, 4096, null, Progress.NONE, "ball");
		assertArrayEquals(dense.occupancy(), mise.occupancy());
		assertEquals(16 * 16 * 10, mise.queries()[0]);
		assertTrue(mise.totalQueries() * 4 < dense.totalQueries(), Mise.describe(mise.queries()));
		for (int n : calls) assertTrue(n <= 4096);
		assertEquals(mise.totalQueries(), calls.stream().mapToLong(Integer::longValue).sum(), "every query counted once");
		// the same with another chunk size
		Mise.Result small = Mise.coarseToFine(grid, ball(32, 32, 20, 12, new ArrayList<>()), TAU, 100, null, Progress.NONE, "ball");
		assertArrayEquals(mise.occupancy(), small.occupancy());
		assertArrayEquals(mise.queries(), small.queries());
	}

	@Test
	void optimisedStartEvaluatesOnlyWhatTheLowResolutionSegmentationAllows() {
		OssNetConfig.Grid grid = new OssNetConfig.Grid(64, 64, 40);
		Mise.Result dense = Mise.dense(grid, ball(32, 32, 20, 12, new ArrayList<>()), TAU, 4096, Progress.NONE, "ball");
		// a latent grid of 8×8×5 cells (8 voxels each) with the cells the ball touches at 1
		OssNetConfig.Grid latent = new OssNetConfig.Grid(8, 8, 5);
		float[] lowRes = new float[(int) latent.voxels()];
		for (int x = 0; x < 8; x++)
			for (int y = 0; y < 8; y++)
				for (int z = 0; z < 5; z++)
					if (Math.abs(x * 8 + 4 - 32) <= 16 && Math.abs(y * 8 + 4 - 32) <= 16 && Math.abs(z * 8 + 4 - 20) <= 16) lowRes[(x * 8 + y) * 5 + z] = 1;
		boolean[] start = Mise.lowResStart(lowRes, latent, grid);
		int allowed = 0;
		for (boolean b : start) allowed += b ? 1 : 0;
		Mise.Result optimised = Mise.coarseToFine(grid, ball(32, 32, 20, 12, new ArrayList<>()), TAU, 4096, start, Progress.NONE, "ball");
		assertArrayEquals(dense.occupancy(), optimised.occupancy());
		assertEquals(allowed, optimised.queries()[0]);
		assertTrue(allowed < 16 * 16 * 10);
		// nothing allowed: nothing evaluated, nothing found
		Mise.Result none = Mise.coarseToFine(grid, ball(32, 32, 20, 12, new ArrayList<>()), TAU, 4096, new boolean[start.length], Progress.NONE, "ball");
		assertArrayEquals(new long[] { 0, 0, 0 }, none.queries());
		assertArrayEquals(new byte[dense.occupancy().length], none.occupancy());
	}

	@Test
	void cancelStopsBetweenChunks() {
		OssNetConfig.Grid grid = new OssNetConfig.Grid(64, 64, 40);
		List<Integer> calls = new ArrayList<>();
		Progress cancelAfterThreeChunks = new Progress() {

			@Override
			public void report(Status status) {}

			@Override
			public boolean isCancelled() {
				return calls.size() >= 3;
			}
		};
		assertThrows(CancelledException.class,
			() -> Mise.coarseToFine(grid, ball(32, 32, 20, 12, calls), TAU, 100, null, cancelAfterThreeChunks, "ball"));
		assertEquals(3, calls.size());
	}

	@Test
	void lowResolutionStartIsTrilinearWithAlignedCorners() {
		// latent 2×2×2 → lattice 3×3×3 of a 12³ grid: sources 0, ½, 1; cells (1, 1, 0) and (1, 1, 1) at 1
		float[] lowRes = new float[8];
		lowRes[(1 * 2 + 1) * 2] = 1;
		lowRes[(1 * 2 + 1) * 2 + 1] = 1;
		boolean[] start = Mise.lowResStart(lowRes, new OssNetConfig.Grid(2, 2, 2), new OssNetConfig.Grid(12, 12, 12));
		// value (x/2)·(y/2) at lattice (x, y, z): above 0.5 only at x = y = 2 (1·½ = 0.5 is not above)
		for (int x = 0; x < 3; x++)
			for (int y = 0; y < 3; y++)
				for (int z = 0; z < 3; z++) assertEquals(x == 2 && y == 2, start[(x * 3 + y) * 3 + z], x + "," + y + "," + z);
	}

	@Test
	void dilationIsAMaxPoolWithSamePadding() {
		OssNetConfig.Grid grid = new OssNetConfig.Grid(5, 5, 5);
		byte[] g = new byte[125];
		g[(2 * 5 + 2) * 5 + 2] = 1;
		g[0] = 1;
		byte[] d = Mise.dilate(g, grid, 3);
		int ones = 0;
		for (byte b : d) ones += b;
		// 27 around the centre, 8 around the corner, (1, 1, 1) shared
		assertEquals(27 + 8 - 1, ones);
		assertEquals(1, d[(1 * 5 + 1) * 5 + 1]);
		assertEquals(0, d[(4 * 5 + 4) * 5 + 4]);
		byte[] nine = Mise.dilate(g, grid, 9);
		for (byte b : nine) assertEquals(1, b);
	}
}
