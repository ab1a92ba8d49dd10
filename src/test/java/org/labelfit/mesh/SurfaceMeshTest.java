package org.labelfit.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.io.MeshFiles;

class SurfaceMeshTest {

	@TempDir
	Path dir;

	static boolean[] ball(int n, double r) {
		boolean[] m = new boolean[n * n * n];
		double c = (n - 1) / 2.0;
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) m[(z * n + y) * n + x] = (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= r * r;
		return m;
	}

	/**
	 * Closed and consistently oriented: every directed edge appears once and its reverse once, so every undirected
	 * edge bounds exactly two triangles that traverse it in opposite directions. Returns the undirected edge count.
	 */
	static int checkClosedAndOriented(SurfaceMesh mesh) {
		Map<Long, Integer> directed = new HashMap<>();
		int[] t = mesh.triangles();
		long n = mesh.vertexCount();
		for (int i = 0; i < t.length; i += 3)
			for (int k = 0; k < 3; k++) directed.merge(t[i + k] * n + t[i + (k + 1) % 3], 1, Integer::sum);
		for (Map.Entry<Long, Integer> e : directed.entrySet()) {
			assertEquals(1, e.getValue(), "directed edge used twice");
			long a = e.getKey() / n, b = e.getKey() % n;
			assertEquals(1, directed.getOrDefault(b * n + a, 0), "edge without its reverse: a hole or a flipped triangle");
		}
		return directed.size() / 2;
	}

	@Test
	void oneVoxelEnclosesHalfAVoxelExactly() {
		// in Kuhn's split a grid vertex lies in 24 tetrahedra of volume 1/6 (star volume 4); the 0.5 crossing of the
		// linear interpolant cuts from each the corner at half its edges, (1/2)³ of its volume: 4 / 8 = 0.5 voxel
		SurfaceMesh one = SurfaceMesh.of(new boolean[] { true }, new int[] { 1, 1, 1 }, new double[] { 1, 1, 1 });
		assertEquals(0.5, one.volume(), 1e-6);
		assertEquals(24, one.triangleCount());
		int edges = checkClosedAndOriented(one);
		assertEquals(2, one.vertexCount() - edges + one.triangleCount(), "Euler characteristic of a sphere");
		SurfaceMesh scaled = SurfaceMesh.of(new boolean[] { true }, new int[] { 1, 1, 1 }, new double[] { 2, 3, 4 });
		assertEquals(0.5 * 24, scaled.volume(), 1e-5);
	}

	@Test
	void aVoxelBallGivesAClosedSphereWithinAVoxelOfTheTrueOne() {
		double r = 8;
		SurfaceMesh mesh = SurfaceMesh.of(ball(24, r), new int[] { 24, 24, 24 }, new double[] { 1, 1, 1 });
		int edges = checkClosedAndOriented(mesh);
		assertEquals(2, mesh.vertexCount() - edges + mesh.triangleCount(), "Euler characteristic of a sphere");
		// every vertex is the midpoint of an edge (length ≤ √3) from a voxel centre inside (distance ≤ r) to one
		// outside (> r), so it lies within √3/2 < 1 of the sphere: the enclosed volume lies between the balls r ∓ 1
		double v = mesh.volume();
		assertTrue(v > 4 / 3.0 * Math.PI * Math.pow(r - 1, 3) && v < 4 / 3.0 * Math.PI * Math.pow(r + 1, 3), "volume " + v);
		double a = mesh.area();
		assertTrue(a > 4 * Math.PI * (r - 1) * (r - 1), "area " + a);
		// anisotropic spacing scales the volume by sx·sy·sz
		SurfaceMesh stretched = SurfaceMesh.of(ball(24, r), new int[] { 24, 24, 24 }, new double[] { 0.5, 2, 3 });
		assertEquals(3 * v, stretched.volume(), 1e-3 * v);
	}

	@Test
	void smallComponentsAreRemovedAndLargeOnesKept() {
		int n = 32;
		boolean[] m = new boolean[n * n * n];
		fill(m, n, 1, 5); // 5³ = 125 voxels
		fill(m, n, 12, 13); // 13³ = 2,197 voxels
		boolean[] kept = Components.withoutSmall(m, new int[] { n, n, n }, SurfaceMesh.MIN_COMPONENT_VOXELS);
		int count = 0;
		for (boolean b : kept) if (b) count++;
		assertEquals(13 * 13 * 13, count);
		assertFalse(kept[(3 * n + 3) * n + 3]);
		assertTrue(kept[(15 * n + 15) * n + 15]);
		// touching only at a corner: two components under 6-connectivity
		boolean[] diagonal = new boolean[8];
		diagonal[0] = diagonal[7] = true;
		boolean[] none = Components.withoutSmall(diagonal, new int[] { 2, 2, 2 }, 2);
		assertFalse(none[0] || none[7]);
	}

	private static void fill(boolean[] m, int n, int from, int side) {
		for (int z = from; z < from + side; z++)
			for (int y = from; y < from + side; y++)
				for (int x = from; x < from + side; x++) m[(z * n + y) * n + x] = true;
	}

	@Test
	void stlAndObjFilesHoldTheMesh() throws IOException {
		SurfaceMesh mesh = SurfaceMesh.of(ball(12, 4), new int[] { 12, 12, 12 }, new double[] { 1, 1, 1 });
		Path stl = dir.resolve("ball.stl"), obj = dir.resolve("ball.obj");
		MeshFiles.write(stl, mesh);
		MeshFiles.write(obj, mesh);
		byte[] bytes = Files.readAllBytes(stl);
		assertEquals(84 + 50L * mesh.triangleCount(), bytes.length);
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(mesh.triangleCount(), b.getInt(80));
		// the first triangle's first vertex as written
		assertEquals(mesh.vertices()[3 * mesh.triangles()[0]], b.getFloat(84 + 12), 0f);
		List<String> lines = Files.readAllLines(obj);
		assertEquals(mesh.vertexCount(), lines.stream().filter(l -> l.startsWith("v ")).count());
		assertEquals(mesh.triangleCount(), lines.stream().filter(l -> l.startsWith("f ")).count());
		assertEquals("mesh file ball.ply: the name must end in .stl or .obj",
			assertThrows(LabelFitException.class, () -> MeshFiles.write(dir.resolve("ball.ply"), mesh)).getMessage());
		Path missing = dir.resolve("no/such/ball.stl");
		assertThrows(LabelFitException.class, () -> MeshFiles.write(missing, mesh));
		assertFalse(Files.exists(missing));
		try (var files = Files.list(dir)) {
			assertEquals(2, files.count(), "no temporary file left behind");
		}
	}
}
