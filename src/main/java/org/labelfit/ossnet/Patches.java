package org.labelfit.ossnet;

import org.labelfit.LabelFitException;

/**
 * The decoder's per-point patches from the padded full-resolution volume (spec §3, §7.7), zero outside the
 * volume: the local 7³ window centred at the voxel (offsets −3 … +3), and for B/D the large 14³ window at offsets
 * −7 … +6 pooled 2×2×2 to 7³, concatenated after the local channels: (Cp, 7, 7, 7) per point.
 */
public final class Patches {

	private static final int K = OssNetConfig.PATCH, CELLS = OssNetConfig.PATCH_FEATURES;

	/** How the large window is pooled: average as in the official training data, max as in its inference (spec pitfalls). */
	public enum Pooling {
		AVERAGE, MAX;

		public String id() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		public static Pooling of(String name) {
			for (Pooling p : values())
				if (p.id().equalsIgnoreCase(name == null ? "" : name.trim())) return p;
			throw new LabelFitException("large-patch pooling must be average or max, got '" + name + "'");
		}
	}

	private Patches() {}

	/**
	 * Patches (N, Cp, 7, 7, 7) in C order of the points {@code coordinates} (N × 3 voxel indices, axis 0 first) of
	 * {@code volume} (C, X, Y, Z in C order); Cp = C, or 2C with {@code large}.
	 */
	public static float[] extract(float[] volume, int channels, OssNetConfig.Grid grid, int[] coordinates, boolean large, Pooling pooling) {
		int nx = grid.x(), ny = grid.y(), nz = grid.z();
		if ((long) channels * grid.voxels() != volume.length)
			throw new LabelFitException("volume has " + volume.length + " values, not " + channels + " channels of " + grid);
		if (coordinates.length % 3 != 0) throw new LabelFitException("coordinates must come in triples");
		int n = coordinates.length / 3, cp = large ? 2 * channels : channels;
		float[] out = new float[Math.toIntExact((long) n * cp * CELLS)];
		for (int i = 0; i < n; i++) {
			int x = coordinates[3 * i], y = coordinates[3 * i + 1], z = coordinates[3 * i + 2];
			if (x < 0 || x >= nx || y < 0 || y >= ny || z < 0 || z >= nz)
				throw new LabelFitException("point (" + x + ", " + y + ", " + z + ") lies outside the grid " + grid);
			for (int c = 0; c < channels; c++) {
				int base = (i * cp + c) * CELLS, volumeBase = c * nx * ny * nz;
				for (int a = 0; a < K; a++)
					for (int b = 0; b < K; b++)
						for (int d = 0; d < K; d++)
							out[base + (a * K + b) * K + d] = voxel(volume, volumeBase, grid, x + a - K / 2, y + b - K / 2, z + d - K / 2);
				if (large) pooled(volume, volumeBase, grid, x, y, z, pooling, out, (i * cp + channels + c) * CELLS);
			}
		}
		return out;
	}

	/** Cell (a, b, d) of the large patch pools the 2³ voxels at offsets −7 + 2a … −6 + 2a (and so on), zeros included. */
	private static void pooled(float[] volume, int volumeBase, OssNetConfig.Grid grid, int x, int y, int z, Pooling pooling, float[] out, int base) {
		for (int a = 0; a < K; a++)
			for (int b = 0; b < K; b++)
				for (int d = 0; d < K; d++) {
					double sum = 0, max = Double.NEGATIVE_INFINITY;
					for (int u = 0; u < 2; u++)
						for (int v = 0; v < 2; v++)
							for (int w = 0; w < 2; w++) {
								float value = voxel(volume, volumeBase, grid, x - K + 2 * a + u, y - K + 2 * b + v, z - K + 2 * d + w);
								sum += value;
								max = Math.max(max, value);
							}
					out[base + (a * K + b) * K + d] = (float) (pooling == Pooling.AVERAGE ? sum / 8 : max);
				}
	}

	private static float voxel(float[] volume, int base, OssNetConfig.Grid g, int x, int y, int z) {
		if (x < 0 || x >= g.x() || y < 0 || y >= g.y() || z < 0 || z >= g.z()) return 0;
		return volume[base + (x * g.y() + y) * g.z() + z];
	}
}
