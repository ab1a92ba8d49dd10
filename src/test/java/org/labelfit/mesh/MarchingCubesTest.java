package org.labelfit.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

public class MarchingCubesTest {

	static final int R = 10, N = 2 * R + 5;

	/** The voxels within {@code r} of the volume's centre voxel. */
	static boolean[] ball(int n, double r) {
		boolean[] m = new boolean[n * n * n];
		int c = n / 2;
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) m[x + n * (y + n * z)] = (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= r * r;
		return m;
	}

	/** Every undirected edge in exactly two triangles, once in each direction (closed and consistently oriented). */
	static void assertWatertight(Mesh mesh) {
		Map<Long, Integer> directed = new HashMap<>();
		int[] t = mesh.triangles();
		for (int i = 0; i < t.length; i += 3)
			for (int k = 0; k < 3; k++) {
				long key = (long) t[i + k] * mesh.vertexCount() + t[i + (k + 1) % 3];
				assertEquals(null, directed.put(key, i), "directed edge used twice");
			}
		for (long key : directed.keySet()) {
			long a = key / mesh.vertexCount(), b = key % mesh.vertexCount();
			assertTrue(directed.containsKey(b * mesh.vertexCount() + a), "edge " + a + "-" + b + " has one triangle");
		}
	}

	static int euler(Mesh mesh) {
		Set<Long> edges = new HashSet<>();
		int[] t = mesh.triangles();
		for (int i = 0; i < t.length; i += 3)
			for (int k = 0; k < 3; k++) {
				int a = t[i + k], b = t[i + (k + 1) % 3];
				edges.add((long) Math.min(a, b) * mesh.vertexCount() + Math.max(a, b));
			}
		return mesh.vertexCount() - edges.size() + mesh.triangleCount();
	}

	@Test
	void aVoxelisedBallGivesAClosedSphereOfTheBallsVolumeAndArea() {
		Mesh mesh = MarchingCubes.of(ball(N, R), N, N, N, new double[] { 1, 1, 1 });
		assertWatertight(mesh);
		assertEquals(2, euler(mesh), "a sphere");
		// Volume: the digitised ball holds 0.5 % fewer voxels than 4/3·πr³ at r = 10 (the lattice-point count), and marching
		// cubes on binary data puts each vertex half-way along its edge, where the true crossing is spread evenly along it:
		// no net shift, only the flattening of chords on a convex surface, which shrinks as 1/r. Both well under 3 %.
		// Area: biased up, and not shrinking with r: on binary data the facets take only the few normals of the 2×2×2
		// cases, a terraced surface whose area exceeds the smooth one's by several per cent depending on orientation
		// (Lindblad 2005 on marching-cubes area of digitised objects); 1.08-1.09 for r = 5 to 40, so within 10 % above.
		double volume = 4.0 / 3 * Math.PI * R * R * R, area = 4 * Math.PI * R * R;
		assertTrue(mesh.volume() > 0, "normals point out");
		assertEquals(1, mesh.volume() / volume, 0.03, "volume " + mesh.volume() + " of " + volume);
		double ratio = mesh.area() / area;
		assertTrue(ratio > 1 && ratio < 1.10, "area " + mesh.area() + " of " + area);
	}

	@Test
	void spacingScalesTheVolumeByTheVoxelVolume() {
		Mesh unit = MarchingCubes.of(ball(N, R), N, N, N, new double[] { 1, 1, 1 });
		Mesh scaled = MarchingCubes.of(ball(N, R), N, N, N, new double[] { 0.5, 0.75, 2 });
		assertEquals(unit.volume() * 0.5 * 0.75 * 2, scaled.volume(), 1e-6 * unit.volume());
		assertEquals(unit.vertexCount(), scaled.vertexCount());
	}

	@Test
	void aSingleVoxelIsAnOctahedronAndABoxTouchingTheBorderIsClosed() {
		boolean[] one = new boolean[27];
		one[13] = true;
		Mesh octahedron = MarchingCubes.of(one, 3, 3, 3, new double[] { 1, 1, 1 });
		assertEquals(6, octahedron.vertexCount());
		assertEquals(8, octahedron.triangleCount());
		assertEquals(4.0 / 3 * 0.5 * 0.5 * 0.5, octahedron.volume(), 1e-6, "(4/3)·h³ for half-diagonal h = 0.5");
		boolean[] full = new boolean[4 * 5 * 6];
		java.util.Arrays.fill(full, true);
		Mesh box = MarchingCubes.of(full, 4, 5, 6, new double[] { 1, 1, 1 });
		assertWatertight(box);
		assertEquals(2, euler(box));
		assertEquals(boxVolume(4, 5, 6), box.volume(), 1e-4);
	}

	/**
	 * The marching-cubes volume of a full a×b×c voxel box (unit spacing), by cube: inner cubes are full, cubes at a face
	 * half full, along an edge a prism of 1/8, at a corner a tetrahedron of 1/48.
	 */
	public static double boxVolume(int a, int b, int c) {
		return (a - 1) * (b - 1) * (c - 1) + ((b - 1) * (c - 1) + (a - 1) * (c - 1) + (a - 1) * (b - 1)) + 4.0 * (a - 1 + b - 1 + c - 1) / 8 + 8.0 / 48;
	}

	@Test
	void randomVolumesGiveWatertightOutwardMeshes() {
		Random r = new Random(5);
		for (int trial = 0; trial < 20; trial++) {
			int nx = 6 + r.nextInt(5), ny = 6 + r.nextInt(5), nz = 6 + r.nextInt(5);
			boolean[] m = new boolean[nx * ny * nz];
			for (int i = 0; i < m.length; i++) m[i] = r.nextDouble() < 0.3 + 0.4 * trial / 20.0;
			Mesh mesh = MarchingCubes.of(m, nx, ny, nz, new double[] { 1, 1, 1 });
			assertWatertight(mesh);
			assertTrue(mesh.volume() > 0);
		}
	}

	@Test
	void probabilitiesPlaceVerticesByLinearInterpolation() {
		// one voxel at 0.8 among zeros: at iso 0.4 each crossing lies half-way, at iso 0.2 a quarter of the way out
		float[] v = new float[27];
		v[13] = 0.8f;
		Mesh half = MarchingCubes.of(v, 3, 3, 3, 0.4, new double[] { 1, 1, 1 });
		Mesh quarter = MarchingCubes.of(v, 3, 3, 3, 0.2, new double[] { 1, 1, 1 });
		assertEquals(4.0 / 3 * 0.125, half.volume(), 1e-6);
		assertEquals(4.0 / 3 * 0.75 * 0.75 * 0.75, quarter.volume(), 1e-6);
	}
}
