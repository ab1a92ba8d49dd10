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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;

class MeshFilesTest {

	@TempDir
	Path dir;

	static Mesh ball() {
		int n = 15;
		return MarchingCubes.of(MarchingCubesTest.ball(n, 5), n, n, n, new double[] { 0.5, 1, 2 });
	}

	@Test
	void binaryStlHoldsEveryTriangleWithItsCornersAndAnOutwardNormal() throws IOException {
		Mesh mesh = ball();
		Path file = dir.resolve("ball.STL");
		MeshFiles.write(file, mesh);
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		int n = mesh.triangleCount();
		assertEquals(84 + 50L * n, b.capacity());
		assertEquals(n, b.getInt(80));
		double volume = 0;
		for (int t = 0; t < n; t++) {
			int at = 84 + 50 * t;
			float[] p = new float[9];
			for (int k = 0; k < 9; k++) p[k] = b.getFloat(at + 12 + 4 * k);
			for (int k = 0; k < 9; k++) assertEquals(mesh.vertices()[3 * mesh.triangles()[3 * t + k / 3] + k % 3], p[k]);
			double[] u = { p[3] - p[0], p[4] - p[1], p[5] - p[2] }, v = { p[6] - p[0], p[7] - p[1], p[8] - p[2] };
			double[] cross = { u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0] };
			double dot = 0;
			for (int d = 0; d < 3; d++) dot += cross[d] * b.getFloat(at + 4 * d);
			assertTrue(dot > 0, "stored normal follows the winding");
			volume += p[0] * (p[4] * p[8] - p[5] * p[7]) - p[1] * (p[3] * p[8] - p[5] * p[6]) + p[2] * (p[3] * p[7] - p[4] * p[6]);
			assertEquals(0, b.getShort(at + 48));
		}
		assertEquals(mesh.volume(), volume / 6, 1e-3 * mesh.volume());
	}

	@Test
	void objParsesBackToTheSameVerticesAndFaces() throws IOException {
		Mesh mesh = ball();
		Path file = dir.resolve("ball.obj");
		MeshFiles.write(file, mesh);
		List<String> lines = Files.readAllLines(file);
		List<String> v = lines.stream().filter(l -> l.startsWith("v ")).toList(), f = lines.stream().filter(l -> l.startsWith("f ")).toList();
		assertEquals(mesh.vertexCount(), v.size());
		assertEquals(mesh.triangleCount(), f.size());
		String[] last = v.get(v.size() - 1).split(" ");
		assertEquals(mesh.vertices()[mesh.vertices().length - 1], Float.parseFloat(last[3]));
		String[] first = f.get(0).split(" ");
		for (int k = 0; k < 3; k++) assertEquals(mesh.triangles()[k] + 1, Integer.parseInt(first[1 + k]));
	}

	@Test
	void badExtensionOrUnwritablePlaceFailsInOneLineAndLeavesNoFile() throws IOException {
		Mesh mesh = ball();
		LabelFitException e = assertThrows(LabelFitException.class, () -> MeshFiles.write(dir.resolve("ball.ply"), mesh));
		assertEquals("mesh file ball.ply must end in .stl or .obj", e.getMessage());
		e = assertThrows(LabelFitException.class, () -> MeshFiles.write(dir.resolve("missing").resolve("ball.stl"), mesh));
		assertFalse(e.getMessage().contains("\n"));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
		Files.createDirectory(dir.resolve("folder.obj"));
		e = assertThrows(LabelFitException.class, () -> MeshFiles.write(dir.resolve("folder.obj"), mesh));
		assertTrue(e.getMessage().contains("it is a folder"), e.getMessage());
		try (var files = Files.list(dir)) {
			assertEquals(List.of(dir.resolve("folder.obj")), files.toList(), "no partial or temporary file");
		}
	}
}
