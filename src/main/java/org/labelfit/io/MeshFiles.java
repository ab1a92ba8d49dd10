package org.labelfit.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.labelfit.LabelFitException;
import org.labelfit.mesh.SurfaceMesh;

/** Writes a {@link SurfaceMesh} as binary STL or Wavefront OBJ (chosen by the extension), atomically; Fiji's 3D Viewer opens both. */
public final class MeshFiles {

	private MeshFiles() {}

	/** The format of {@code path}: "stl" or "obj"; anything else is refused. */
	public static String format(Path path) {
		String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".stl")) return "stl";
		if (name.endsWith(".obj")) return "obj";
		throw new LabelFitException("mesh file " + path.getFileName() + ": the name must end in .stl or .obj");
	}

	public static void write(Path path, SurfaceMesh mesh) {
		String format = format(path);
		AtomicFiles.write(path, tmp -> {
			if (format.equals("stl")) writeStl(tmp, mesh);
			else writeObj(tmp, mesh);
		});
	}

	/** 80-byte header, triangle count, then per triangle the unit normal, three vertices and a zero attribute, little-endian. */
	private static void writeStl(Path tmp, SurfaceMesh mesh) throws IOException {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
			ByteBuffer head = ByteBuffer.allocate(84).order(ByteOrder.LITTLE_ENDIAN);
			head.put(java.util.Arrays.copyOf("LabelFit surface mesh".getBytes(StandardCharsets.US_ASCII), 80));
			head.putInt(mesh.triangleCount());
			out.write(head.array());
			ByteBuffer t = ByteBuffer.allocate(50).order(ByteOrder.LITTLE_ENDIAN);
			int[] tri = mesh.triangles();
			for (int i = 0; i < tri.length; i += 3) {
				t.clear();
				double[] n = mesh.normal(i);
				double len = Math.max(1e-30, Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]));
				for (double c : n) t.putFloat((float) (c / len));
				for (int k = 0; k < 3; k++)
					for (int a = 0; a < 3; a++) t.putFloat(mesh.vertices()[3 * tri[i + k] + a]);
				t.putShort((short) 0);
				out.write(t.array());
			}
		}
	}

	private static void writeObj(Path tmp, SurfaceMesh mesh) throws IOException {
		try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
			w.write("# LabelFit surface mesh: " + mesh.vertexCount() + " vertices, " + mesh.triangleCount() + " triangles\n");
			float[] v = mesh.vertices();
			for (int i = 0; i < v.length; i += 3) w.write(String.format(Locale.ROOT, "v %g %g %g%n", v[i], v[i + 1], v[i + 2]));
			int[] t = mesh.triangles();
			for (int i = 0; i < t.length; i += 3) w.write("f " + (t[i] + 1) + " " + (t[i + 1] + 1) + " " + (t[i + 2] + 1) + "\n");
		}
	}
}
