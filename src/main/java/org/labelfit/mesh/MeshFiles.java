package org.labelfit.mesh;

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
import org.labelfit.io.AtomicFiles;

/** Writes meshes as binary STL or Wavefront OBJ (both open in Fiji's 3D Viewer), chosen by the file's extension; atomically. */
public final class MeshFiles {

	public enum Format { STL, OBJ }

	private MeshFiles() {}

	/** The format a file name asks for; fails in one line for anything but .stl and .obj. */
	public static Format format(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".stl")) return Format.STL;
		if (name.endsWith(".obj")) return Format.OBJ;
		throw new LabelFitException("mesh file " + file.getFileName() + " must end in .stl or .obj");
	}

	public static void write(Path file, Mesh mesh) {
		Format format = format(file);
		AtomicFiles.write(file, tmp -> {
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
				if (format == Format.STL) writeStl(out, mesh);
				else writeObj(out, mesh);
			}
		});
	}

	/** Binary STL: 80-byte header, the triangle count, then per triangle its unit normal, three corners and a zero attribute. */
	private static void writeStl(OutputStream out, Mesh mesh) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(84).order(ByteOrder.LITTLE_ENDIAN);
		byte[] header = "LabelFit marching cubes".getBytes(StandardCharsets.US_ASCII);
		b.put(header).position(80);
		b.putInt(mesh.triangleCount());
		out.write(b.array());
		ByteBuffer t = ByteBuffer.allocate(50).order(ByteOrder.LITTLE_ENDIAN);
		float[] v = mesh.vertices();
		int[] tri = mesh.triangles();
		for (int i = 0; i < tri.length; i += 3) {
			t.clear();
			double[] n = mesh.normal(i);
			double length = Mesh.normalLength(n);
			for (int d = 0; d < 3; d++) t.putFloat(length > 0 ? (float) (n[d] / length) : 0);
			for (int k = 0; k < 3; k++)
				for (int d = 0; d < 3; d++) t.putFloat(v[3 * tri[i + k] + d]);
			t.putShort((short) 0);
			out.write(t.array());
		}
	}

	/** OBJ: one {@code v x y z} per vertex, one {@code f a b c} (1-based) per triangle. */
	private static void writeObj(OutputStream out, Mesh mesh) throws IOException {
		BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.US_ASCII));
		w.write("# LabelFit marching cubes: " + mesh.vertexCount() + " vertices, " + mesh.triangleCount() + " triangles\n");
		float[] v = mesh.vertices();
		for (int i = 0; i < v.length; i += 3)
			w.write("v " + Float.toString(v[i]) + " " + Float.toString(v[i + 1]) + " " + Float.toString(v[i + 2]) + "\n");
		int[] tri = mesh.triangles();
		for (int i = 0; i < tri.length; i += 3) w.write("f " + (tri[i] + 1) + " " + (tri[i + 1] + 1) + " " + (tri[i + 2] + 1) + "\n");
		w.flush();
	}
}
