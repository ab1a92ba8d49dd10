package org.labelfit.mesh;

import java.util.HashMap;
import java.util.Map;

import org.labelfit.LabelFitException;

/**
 * A triangle mesh with shared vertices: {@code vertices} x, y, z per vertex (physical units), {@code triangles}
 * three vertex indices each, wound counter-clockwise seen from outside (normals point out).
 */
public record SurfaceMesh(float[] vertices, int[] triangles) {

	/** The iso-level of a binary (0/1) volume. */
	public static final double ISO_LEVEL = 0.5;
	/** The official post-processing removes connected components smaller than 12³ voxels. */
	public static final int MIN_COMPONENT_VOXELS = 1728;

	/**
	 * Kuhn's split of the unit cube into 6 tetrahedra around the diagonal 0–7 (corner c at x = c & 1, y = c >> 1 & 1,
	 * z = c >> 2 & 1); every cube uses the same split, so the face diagonals of neighbours match and the surface is
	 * closed, with none of marching cubes' ambiguous cases.
	 */
	private static final int[][] TETRAHEDRA = { { 0, 1, 3, 7 }, { 0, 3, 2, 7 }, { 0, 2, 6, 7 }, { 0, 6, 4, 7 }, { 0, 4, 5, 7 }, { 0, 5, 1, 7 } };

	public int vertexCount() {
		return vertices.length / 3;
	}

	public int triangleCount() {
		return triangles.length / 3;
	}

	/**
	 * The surface at {@link #ISO_LEVEL} of a label mask ({@code x} fastest), voxel centres at (x·sx, y·sy, z·sz):
	 * marching tetrahedra on the trilinear cells between voxel centres, the volume surrounded by background so the
	 * surface is closed; edge crossings interpolated linearly (the midpoint for a binary mask).
	 */
	public static SurfaceMesh of(boolean[] mask, int[] dims, double[] spacing) {
		int nx = dims[0], ny = dims[1], nz = dims[2];
		if ((long) nx * ny * nz != mask.length) throw new LabelFitException("the mask does not fill " + nx + "×" + ny + "×" + nz);
		Builder b = new Builder(dims, spacing);
		boolean[] corner = new boolean[8];
		for (int z = -1; z < nz; z++)
			for (int y = -1; y < ny; y++)
				for (int x = -1; x < nx; x++) {
					int inside = 0;
					for (int c = 0; c < 8; c++) {
						corner[c] = at(mask, dims, x + (c & 1), y + (c >> 1 & 1), z + (c >> 2 & 1));
						if (corner[c]) inside++;
					}
					if (inside == 0 || inside == 8) continue;
					for (int[] t : TETRAHEDRA) b.tetrahedron(t, corner, x, y, z);
				}
		return b.mesh();
	}

	private static boolean at(boolean[] mask, int[] d, int x, int y, int z) {
		if (x < 0 || y < 0 || z < 0 || x >= d[0] || y >= d[1] || z >= d[2]) return false;
		return mask[(z * d[1] + y) * d[0] + x];
	}

	/** The enclosed volume (divergence theorem): positive when the normals point out. */
	public double volume() {
		double v = 0;
		for (int t = 0; t < triangles.length; t += 3) {
			double[] a = vertex(triangles[t]), p = vertex(triangles[t + 1]), q = vertex(triangles[t + 2]);
			v += a[0] * (p[1] * q[2] - p[2] * q[1]) - a[1] * (p[0] * q[2] - p[2] * q[0]) + a[2] * (p[0] * q[1] - p[1] * q[0]);
		}
		return v / 6;
	}

	/** The surface area. */
	public double area() {
		double s = 0;
		for (int t = 0; t < triangles.length; t += 3) s += norm(normal(t)) / 2;
		return s;
	}

	/** The (unnormalised) normal of the triangle starting at index {@code t} of {@link #triangles}. */
	public double[] normal(int t) {
		double[] a = vertex(triangles[t]), p = vertex(triangles[t + 1]), q = vertex(triangles[t + 2]);
		return cross(sub(p, a), sub(q, a));
	}

	double[] vertex(int i) {
		return new double[] { vertices[3 * i], vertices[3 * i + 1], vertices[3 * i + 2] };
	}

	static double[] sub(double[] a, double[] b) {
		return new double[] { a[0] - b[0], a[1] - b[1], a[2] - b[2] };
	}

	static double[] cross(double[] a, double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	static double norm(double[] a) {
		return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
	}

	/** Collects triangles, one vertex per crossed grid edge. */
	private static final class Builder {

		private final int[] dims;
		private final double[] spacing;
		private final Map<Long, Integer> edgeVertex = new HashMap<>();
		private float[] vertices = new float[3 * 1024];
		private int[] triangles = new int[3 * 1024];
		private int vertexCount, triangleCount;

		Builder(int[] dims, double[] spacing) {
			this.dims = dims;
			this.spacing = spacing;
		}

		void tetrahedron(int[] t, boolean[] corner, int x, int y, int z) {
			int[] in = new int[4], out = new int[4];
			int ni = 0, no = 0;
			for (int c : t) if (corner[c]) in[ni++] = c; else out[no++] = c;
			if (ni == 0 || no == 0) return;
			if (ni == 1) triangle(in, ni, out, no, x, y, z, edge(in[0], out[0], x, y, z), edge(in[0], out[1], x, y, z), edge(in[0], out[2], x, y, z));
			else if (ni == 3) triangle(in, ni, out, no, x, y, z, edge(in[0], out[0], x, y, z), edge(in[1], out[0], x, y, z), edge(in[2], out[0], x, y, z));
			else { // a quad through the four crossed edges, in cyclic order
				int a = edge(in[0], out[0], x, y, z), b = edge(in[0], out[1], x, y, z), c = edge(in[1], out[1], x, y, z), d = edge(in[1], out[0], x, y, z);
				triangle(in, ni, out, no, x, y, z, a, b, c);
				triangle(in, ni, out, no, x, y, z, a, c, d);
			}
		}

		/** Adds a, b, c wound so that the normal points from the inside corners' centroid to the outside ones'. */
		private void triangle(int[] in, int ni, int[] out, int no, int x, int y, int z, int a, int b, int c) {
			double[] outward = sub(centroid(out, no, x, y, z), centroid(in, ni, x, y, z));
			double[] pa = position(a), n = cross(sub(position(b), pa), sub(position(c), pa));
			boolean flip = n[0] * outward[0] + n[1] * outward[1] + n[2] * outward[2] < 0;
			if (3 * triangleCount + 3 > triangles.length) triangles = java.util.Arrays.copyOf(triangles, triangles.length * 2);
			triangles[3 * triangleCount] = a;
			triangles[3 * triangleCount + 1] = flip ? c : b;
			triangles[3 * triangleCount + 2] = flip ? b : c;
			triangleCount++;
		}

		private double[] centroid(int[] corners, int n, int x, int y, int z) {
			double[] s = new double[3];
			for (int i = 0; i < n; i++) {
				int c = corners[i];
				s[0] += (x + (c & 1)) * spacing[0];
				s[1] += (y + (c >> 1 & 1)) * spacing[1];
				s[2] += (z + (c >> 2 & 1)) * spacing[2];
			}
			for (int k = 0; k < 3; k++) s[k] /= n;
			return s;
		}

		private double[] position(int v) {
			return new double[] { vertices[3 * v], vertices[3 * v + 1], vertices[3 * v + 2] };
		}

		/** The vertex on the edge from corner i (inside) to corner o (outside): its midpoint, the 0.5 crossing of 1 and 0. */
		private int edge(int i, int o, int x, int y, int z) {
			long a = gridIndex(x + (i & 1), y + (i >> 1 & 1), z + (i >> 2 & 1)), b = gridIndex(x + (o & 1), y + (o >> 1 & 1), z + (o >> 2 & 1));
			long key = Math.min(a, b) * gridSize() + Math.max(a, b);
			Integer known = edgeVertex.get(key);
			if (known != null) return known;
			if (3 * vertexCount + 3 > vertices.length) vertices = java.util.Arrays.copyOf(vertices, vertices.length * 2);
			double t = ISO_LEVEL; // (0.5 - 1) / (0 - 1) from the inside corner
			double[] p = { x + (i & 1) + t * ((o & 1) - (i & 1)), y + (i >> 1 & 1) + t * ((o >> 1 & 1) - (i >> 1 & 1)),
				z + (i >> 2 & 1) + t * ((o >> 2 & 1) - (i >> 2 & 1)) };
			for (int k = 0; k < 3; k++) vertices[3 * vertexCount + k] = (float) (p[k] * spacing[k]);
			edgeVertex.put(key, vertexCount);
			return vertexCount++;
		}

		/** Grid positions run from −1 to dims (the background border). */
		private long gridIndex(int x, int y, int z) {
			return ((long) (z + 1) * (dims[1] + 2) + (y + 1)) * (dims[0] + 2) + (x + 1);
		}

		private long gridSize() {
			return (long) (dims[0] + 2) * (dims[1] + 2) * (dims[2] + 2);
		}

		SurfaceMesh mesh() {
			return new SurfaceMesh(java.util.Arrays.copyOf(vertices, 3 * vertexCount), java.util.Arrays.copyOf(triangles, 3 * triangleCount));
		}
	}
}
