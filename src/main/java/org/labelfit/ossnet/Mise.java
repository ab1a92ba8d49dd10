package org.labelfit.ossnet;

import java.util.Arrays;
import java.util.Locale;

import org.labelfit.LabelFitException;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * The coarse-to-fine evaluation of an occupancy function on a grid (spec §5, {@code OSSNet.inference} and
 * {@code inference_optimized}), over any {@link Occupancy} so that it can be checked without a network.
 * <p>
 * Stage 4 evaluates the stride-4 lattice (all of it, or the points an optimised start allows) and marks the points
 * with p > τ in the occupancy grid G. Stages 2 and 1 dilate G with a stride-1 max pool of side 3^s (9³, then 3³,
 * "same" padding) and evaluate only the stride-s lattice points where the dilated G differs from G: still empty
 * points near an occupied one. Occupied voxels are never reset. The function is called in chunks of points.
 */
public final class Mise {

	/** The strides of the stages (official {@code resolution_stages}). */
	static final int[] STRIDES = { 4, 2, 1 };
	/** The official {@code threshold_low_res_seg} of the optimised start. */
	static final double LOW_RES_THRESHOLD = 0.5;

	/** Occupancy probabilities of N grid points given as N × 3 integer coordinates (axis 0 first). */
	@FunctionalInterface
	public interface Occupancy {
		float[] at(int[] coordinates);
	}

	/** How a volume is evaluated: MISE from the whole stride-4 lattice, from the encoder's low-resolution segmentation (C, D), or every voxel. */
	public enum Inference {
		MISE("mise"), MISE_OPTIMISED("mise-optimised"), DENSE("dense");

		private final String id;

		Inference(String id) {
			this.id = id;
		}

		public String id() {
			return id;
		}

		public static Inference of(String name) {
			for (Inference i : values()) if (i.id.equalsIgnoreCase(name == null ? "" : name.trim())) return i;
			throw new LabelFitException("inference must be mise, mise-optimised or dense, not '" + name + "'");
		}
	}

	/**
	 * The dense binary segmentation G (X, Y, Z in C order) and the number of points evaluated in each stage (one
	 * stage for dense evaluation).
	 */
	public record Result(byte[] occupancy, long[] queries) {

		public long totalQueries() {
			return Arrays.stream(queries).sum();
		}
	}

	private Mise() {}

	/**
	 * MISE on {@code grid}; {@code start} null evaluates the whole stride-4 lattice, else only its points marked
	 * true (the lattice ⌈X/4⌉ × ⌈Y/4⌉ × ⌈Z/4⌉ in C order).
	 */
	public static Result coarseToFine(OssNetConfig.Grid grid, Occupancy f, double threshold, int chunk, boolean[] start, Progress progress,
		String name)
	{
		byte[] g = new byte[Math.toIntExact(grid.voxels())];
		long[] queries = new long[STRIDES.length];
		for (int k = 0; k < STRIDES.length; k++) {
			int s = STRIDES[k];
			byte[] dilated = k == 0 ? null : dilate(g, grid, pow3(s));
			int[] lattice = lattice(grid, s);
			int ly = lattice[1], lz = lattice[2];
			Candidate candidate = k == 0
				? (start == null ? (x, y, z) -> true : (x, y, z) -> start[((x / s) * ly + y / s) * lz + z / s])
				: (x, y, z) -> {
					int i = index(grid, x, y, z);
					return dilated[i] != g[i];
				};
			queries[k] = evaluate(grid, s, candidate, f, threshold, chunk, g, "MISE stride " + s + " of " + name, progress);
		}
		return new Result(g, queries);
	}

	/** Every voxel of the grid evaluated, for reference and for objects MISE could miss. */
	public static Result dense(OssNetConfig.Grid grid, Occupancy f, double threshold, int chunk, Progress progress, String name) {
		byte[] g = new byte[Math.toIntExact(grid.voxels())];
		long n = evaluate(grid, 1, (x, y, z) -> true, f, threshold, chunk, g, "dense evaluation of " + name, progress);
		return new Result(g, new long[] { n });
	}

	private interface Candidate {
		boolean test(int x, int y, int z);
	}

	/**
	 * Evaluates the stride-s lattice points that are candidates, chunk by chunk, and sets G to 1 where p > τ;
	 * returns how many were evaluated. Candidates are fixed before G changes (they depend on G only through the
	 * dilation, taken before, and on G at points that are evaluated once).
	 */
	private static long evaluate(OssNetConfig.Grid grid, int s, Candidate candidate, Occupancy f, double threshold, int chunk, byte[] g,
		String phase, Progress progress)
	{
		long total = 0;
		for (int x = 0; x < grid.x(); x += s)
			for (int y = 0; y < grid.y(); y += s)
				for (int z = 0; z < grid.z(); z += s) if (candidate.test(x, y, z)) total++;
		Meter meter = new Meter(progress, phase + " (" + total + " points, chunks)", (total + chunk - 1) / chunk);
		int[] coordinates = new int[3 * (int) Math.min(chunk, Math.max(total, 1))];
		int n = 0;
		for (int x = 0; x < grid.x(); x += s)
			for (int y = 0; y < grid.y(); y += s)
				for (int z = 0; z < grid.z(); z += s) {
					if (!candidate.test(x, y, z)) continue;
					coordinates[3 * n] = x;
					coordinates[3 * n + 1] = y;
					coordinates[3 * n + 2] = z;
					if (++n == coordinates.length / 3) {
						mark(grid, f.at(coordinates), coordinates, n, threshold, g);
						meter.step(Double.NaN);
						n = 0;
					}
				}
		if (n > 0) {
			mark(grid, f.at(Arrays.copyOf(coordinates, 3 * n)), coordinates, n, threshold, g);
			meter.step(Double.NaN);
		}
		return total;
	}

	private static void mark(OssNetConfig.Grid grid, float[] p, int[] coordinates, int n, double threshold, byte[] g) {
		if (p.length != n) throw new IllegalStateException(p.length + " probabilities for " + n + " points");
		for (int i = 0; i < n; i++)
			if (p[i] > threshold) g[index(grid, coordinates[3 * i], coordinates[3 * i + 1], coordinates[3 * i + 2])] = 1;
	}

	private static int index(OssNetConfig.Grid grid, int x, int y, int z) {
		return (x * grid.y() + y) * grid.z() + z;
	}

	private static int pow3(int s) {
		int k = 1;
		for (int i = 0; i < s; i++) k *= 3;
		return k;
	}

	/** Points of the stride-s lattice per axis (torch.arange(0, R, s)). */
	static int[] lattice(OssNetConfig.Grid grid, int s) {
		int[] sides = grid.toArray();
		for (int a = 0; a < 3; a++) sides[a] = (sides[a] + s - 1) / s;
		return sides;
	}

	/** A stride-1 max pool of side {@code kernel} (odd) with padding kernel / 2 of a 0/1 grid, separably along each axis. */
	static byte[] dilate(byte[] g, OssNetConfig.Grid grid, int kernel) {
		int r = kernel / 2;
		int[] n = grid.toArray();
		int[] stride = { n[1] * n[2], n[2], 1 };
		byte[] in = g, out = g;
		for (int a = 0; a < 3; a++) {
			out = new byte[g.length];
			for (int i = 0; i < g.length; i++) {
				if (in[i] == 0) continue;
				int at = i / stride[a] % n[a];
				for (int d = Math.max(0, at - r); d <= Math.min(n[a] - 1, at + r); d++) out[i + (d - at) * stride[a]] = 1;
			}
			in = out;
		}
		return out;
	}

	/**
	 * The optimised start (spec §5): the low-resolution segmentation (latent grid, C order) upsampled trilinearly with
	 * align_corners = true to the stride-4 lattice and thresholded at 0.5.
	 */
	static boolean[] lowResStart(float[] lowRes, OssNetConfig.Grid latent, OssNetConfig.Grid grid) {
		int[] from = latent.toArray(), to = lattice(grid, STRIDES[0]);
		if (lowRes.length != latent.voxels()) throw new IllegalArgumentException(lowRes.length + " values for " + latent);
		boolean[] out = new boolean[to[0] * to[1] * to[2]];
		int[][] i0 = new int[3][], i1 = new int[3][];
		double[][] w = new double[3][];
		for (int a = 0; a < 3; a++) {
			i0[a] = new int[to[a]];
			i1[a] = new int[to[a]];
			w[a] = new double[to[a]];
			for (int t = 0; t < to[a]; t++) {
				double src = to[a] > 1 ? (double) t * (from[a] - 1) / (to[a] - 1) : 0;
				i0[a][t] = Math.min((int) src, from[a] - 1);
				i1[a][t] = Math.min(i0[a][t] + 1, from[a] - 1);
				w[a][t] = src - i0[a][t];
			}
		}
		for (int x = 0; x < to[0]; x++)
			for (int y = 0; y < to[1]; y++)
				for (int z = 0; z < to[2]; z++) {
					double v = 0;
					for (int a = 0; a < 8; a++) {
						int ix = (a & 4) == 0 ? i0[0][x] : i1[0][x], iy = (a & 2) == 0 ? i0[1][y] : i1[1][y], iz = (a & 1) == 0 ? i0[2][z] : i1[2][z];
						double wx = (a & 4) == 0 ? 1 - w[0][x] : w[0][x], wy = (a & 2) == 0 ? 1 - w[1][y] : w[1][y], wz = (a & 1) == 0 ? 1 - w[2][z] : w[2][z];
						v += wx * wy * wz * lowRes[(ix * from[1] + iy) * from[2] + iz];
					}
					out[(x * to[1] + y) * to[2] + z] = v > LOW_RES_THRESHOLD;
				}
		return out;
	}

	static String describe(long[] queries) {
		return String.format(Locale.ROOT, "%d decoder queries (%s)", Arrays.stream(queries).sum(), Arrays.toString(queries));
	}
}
