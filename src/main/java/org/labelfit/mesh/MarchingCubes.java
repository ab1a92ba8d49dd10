package org.labelfit.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.labelfit.LabelFitException;

/**
 * Marching cubes on a scalar volume (x fastest: index x + nx·(y + ny·z)), inside where the value exceeds the iso-level.
 * <p>
 * The 256-case triangle table is built here from one rule rather than copied: on each cube face the surface joins the
 * edge crossings so that inside corners are kept apart (on an ambiguous face the two inside corners get separate
 * segments), and the face segments are chained into loops. Neighbouring cubes apply the same rule to their shared face,
 * so the mesh is watertight, and inside is 6-connected (as in {@link Components}). Segments run counter-clockwise round
 * the outside, so triangles face out. A loop through an ambiguous face is triangulated round an added centre vertex.
 * The volume is padded with one layer below any iso-level, so surfaces touching the volume's border are closed.
 * Vertex i along an axis sits at i × spacing (voxel centres, origin at the first voxel).
 */
public final class MarchingCubes {

	/** Corner c of a cube is at offset (c & 1, c >> 1 & 1, c >> 2 & 1). */
	private static final int[][] EDGES = edges();
	/**
	 * Per case (bit c set: corner c inside), its surface loops as edge indices, each prefixed by how it is triangulated:
	 * {@link #FAN} from its first crossing, or {@link #CENTRE} round a vertex added at its centre.
	 */
	private static final int[][][] LOOPS = new int[256][][];
	private static final int FAN = 0, CENTRE = 1;

	static {
		for (int c = 0; c < 256; c++) LOOPS[c] = loops(c);
	}

	private MarchingCubes() {}

	/** The surface of a binary volume (true inside) at level 0.5. */
	public static Mesh of(boolean[] mask, int nx, int ny, int nz, double[] spacing) {
		float[] v = new float[mask.length];
		for (int i = 0; i < v.length; i++) v[i] = mask[i] ? 1 : 0;
		return of(v, nx, ny, nz, 0.5, spacing);
	}

	/** The iso-surface at {@code iso} of values in [0, 1] (probabilities), outside the volume taken as 0. */
	public static Mesh of(float[] values, int nx, int ny, int nz, double iso, double[] spacing) {
		if ((long) nx * ny * nz != values.length) throw new IllegalArgumentException(values.length + " values for " + nx + "×" + ny + "×" + nz);
		if (!(iso > 0 && iso < 1)) throw new LabelFitException("iso-level must lie between 0 and 1, got " + iso);
		if (spacing.length != 3 || !Arrays.stream(spacing).allMatch(s -> s > 0 && Double.isFinite(s)))
			throw new LabelFitException("voxel spacing must be three positive numbers, got " + Arrays.toString(spacing));
		Map<Long, Integer> vertexOfEdge = new HashMap<>();
		FloatList vertices = new FloatList();
		IntList triangles = new IntList();
		float[] corner = new float[8];
		// cubes with lower corner from -1 to n - 1: the padding closes the surface at the border
		for (int z = -1; z < nz; z++)
			for (int y = -1; y < ny; y++)
				for (int x = -1; x < nx; x++) {
					int cube = 0;
					for (int c = 0; c < 8; c++) {
						corner[c] = value(values, nx, ny, nz, x + (c & 1), y + (c >> 1 & 1), z + (c >> 2 & 1));
						if (corner[c] > iso) cube |= 1 << c;
					}
					for (int[] loop : LOOPS[cube]) {
						int k = loop.length - 1;
						int[] v = new int[k];
						for (int i = 0; i < k; i++) v[i] = vertex(loop[i + 1], x, y, z, corner, iso, nx, ny, spacing, vertexOfEdge, vertices);
						if (loop[0] == FAN)
							for (int i = 1; i + 1 < k; i++) triangles.add(v[0], v[i], v[i + 1]);
						else {
							int centre = vertices.size() / 3;
							for (int d = 0; d < 3; d++) {
								double sum = 0;
								for (int i : v) sum += vertices.get(3 * i + d);
								vertices.add((float) (sum / k));
							}
							for (int i = 0; i < k; i++) triangles.add(centre, v[i], v[(i + 1) % k]);
						}
					}
				}
		return new Mesh(vertices.toArray(), triangles.toArray());
	}

	/** The vertex on edge {@code e} of the cube at (x, y, z), shared with the cubes around the same grid edge. */
	private static int vertex(int e, int x, int y, int z, float[] corner, double iso, int nx, int ny, double[] spacing,
		Map<Long, Integer> vertexOfEdge, FloatList vertices)
	{
		int a = EDGES[e][0], b = EDGES[e][1];
		int ax = x + (a & 1), ay = y + (a >> 1 & 1), az = z + (a >> 2 & 1);
		int axis = Integer.numberOfTrailingZeros(a ^ b);
		// the grid edge's key: its lower end in padded coordinates and its axis
		long key = (((long) (az + 1) * (ny + 2) + ay + 1) * (nx + 2) + ax + 1) * 3 + axis;
		Integer index = vertexOfEdge.get(key);
		if (index == null) {
			index = vertices.size() / 3;
			vertexOfEdge.put(key, index);
			double t = (iso - corner[a]) / (corner[b] - corner[a]);
			double[] p = { ax, ay, az };
			p[axis] += t;
			for (int d = 0; d < 3; d++) vertices.add((float) (p[d] * spacing[d]));
		}
		return index;
	}

	private static float value(float[] v, int nx, int ny, int nz, int x, int y, int z) {
		return x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : v[x + nx * (y + ny * z)];
	}

	private static int[][] edges() {
		List<int[]> e = new ArrayList<>();
		for (int a = 0; a < 8; a++)
			for (int bit = 1; bit < 8; bit <<= 1)
				if ((a & bit) == 0) e.add(new int[] { a, a | bit });
		return e.toArray(int[][]::new);
	}

	private static int edge(int a, int b) {
		for (int e = 0; e < EDGES.length; e++)
			if (EDGES[e][0] == Math.min(a, b) && EDGES[e][1] == Math.max(a, b)) return e;
		throw new IllegalStateException();
	}

	/**
	 * The loops of one cube case: face segments chained. A loop is fanned from a crossing whose diagonals all cross the
	 * cube's inside; a diagonal lying in a face (a loop through an ambiguous face) would be a face segment of the
	 * neighbouring cube too, so such loops get a centre vertex instead.
	 */
	private static int[][] loops(int cube) {
		int[] next = new int[12];
		Arrays.fill(next, -1);
		for (int axis = 0; axis < 3; axis++)
			for (int side = 0; side < 2; side++) {
				int[] q = faceCorners(axis, side);
				int[] crossings = new int[4];
				boolean[] entering = new boolean[4];
				int n = 0;
				for (int i = 0; i < 4; i++) {
					boolean from = (cube >> q[i] & 1) != 0, to = (cube >> q[(i + 1) % 4] & 1) != 0;
					if (from != to) {
						crossings[n] = edge(q[i], q[(i + 1) % 4]);
						entering[n++] = to;
					}
				}
				// from each crossing into the inside to the next one counter-clockwise: the inside corner between them is cut off alone
				for (int i = 0; i < n; i++)
					if (entering[i]) next[crossings[i]] = crossings[(i + 1) % n];
			}
		List<int[]> out = new ArrayList<>();
		boolean[] used = new boolean[12];
		for (int start = 0; start < 12; start++) {
			if (next[start] < 0 || used[start]) continue;
			List<Integer> loop = new ArrayList<>();
			for (int e = start; !used[e]; e = next[e]) {
				used[e] = true;
				loop.add(e);
			}
			out.add(triangulation(loop));
		}
		return out.toArray(int[][]::new);
	}

	private static int[] triangulation(List<Integer> loop) {
		int k = loop.size();
		for (int r = 0; r < k; r++) {
			boolean inside = true;
			for (int i = 2; i < k - 1 && inside; i++) inside = !shareFace(loop.get(r), loop.get((r + i) % k));
			if (inside) {
				int[] p = new int[k + 1];
				p[0] = FAN;
				for (int i = 0; i < k; i++) p[i + 1] = loop.get((r + i) % k);
				return p;
			}
		}
		int[] p = new int[k + 1];
		p[0] = CENTRE;
		for (int i = 0; i < k; i++) p[i + 1] = loop.get(i);
		return p;
	}

	private static boolean shareFace(int e, int f) {
		int all = EDGES[e][0] & EDGES[e][1] & EDGES[f][0] & EDGES[f][1], any = EDGES[e][0] | EDGES[e][1] | EDGES[f][0] | EDGES[f][1];
		return ((all | ~any) & 7) != 0;
	}

	/** The corners of the face {@code axis = side}, counter-clockwise seen from outside the cube. */
	private static int[] faceCorners(int axis, int side) {
		int u = 1 << (axis + 1) % 3, v = 1 << (axis + 2) % 3, w = side << axis;
		// counter-clockwise about +axis in the (u, v) plane, since e_u × e_v = e_axis; reversed for the face at 0
		int[] q = { w, w | u, w | u | v, w | v };
		return side == 1 ? q : new int[] { q[0], q[3], q[2], q[1] };
	}

	private static final class IntList {
		private int[] a = new int[1024];
		private int n;

		void add(int u, int v, int w) {
			if (n + 3 > a.length) a = Arrays.copyOf(a, 2 * a.length);
			a[n++] = u;
			a[n++] = v;
			a[n++] = w;
		}

		int[] toArray() {
			return Arrays.copyOf(a, n);
		}
	}

	private static final class FloatList {
		private float[] a = new float[1024];
		private int n;

		void add(float v) {
			if (n == a.length) a = Arrays.copyOf(a, 2 * n);
			a[n++] = v;
		}

		int size() {
			return n;
		}

		float get(int i) {
			return a[i];
		}

		float[] toArray() {
			return Arrays.copyOf(a, n);
		}
	}
}
