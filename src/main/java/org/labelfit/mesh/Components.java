package org.labelfit.mesh;

/**
 * Removes small connected components from a binary volume (x fastest: index x + nx·(y + ny·z)).
 * Connectivity is 6 (face neighbours) because that is how {@link MarchingCubes} joins voxels: voxels touching only at
 * an edge or a corner get separate surfaces, so every kept component is one closed surface and no removed piece
 * survives as a surface of its own.
 */
public final class Components {

	/** OSS-Net's post-processing: components smaller than 12³ voxels are removed. */
	public static final int DEFAULT_MIN_VOXELS = 12 * 12 * 12;

	private Components() {}

	/** Clears every 6-connected component of {@code mask} with fewer than {@code minVoxels} voxels; returns the voxels cleared. */
	public static long removeSmall(boolean[] mask, int nx, int ny, int nz, int minVoxels) {
		if ((long) nx * ny * nz != mask.length) throw new IllegalArgumentException("mask has " + mask.length + " voxels, not " + nx + "×" + ny + "×" + nz);
		boolean[] seen = new boolean[mask.length];
		int[] queue = new int[mask.length];
		long removed = 0;
		int plane = nx * ny;
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || seen[start]) continue;
			int head = 0, tail = 0;
			queue[tail++] = start;
			seen[start] = true;
			while (head < tail) {
				int i = queue[head++];
				int x = i % nx, y = i / nx % ny, z = i / plane;
				if (x > 0) tail = visit(mask, seen, queue, tail, i - 1);
				if (x < nx - 1) tail = visit(mask, seen, queue, tail, i + 1);
				if (y > 0) tail = visit(mask, seen, queue, tail, i - nx);
				if (y < ny - 1) tail = visit(mask, seen, queue, tail, i + nx);
				if (z > 0) tail = visit(mask, seen, queue, tail, i - plane);
				if (z < nz - 1) tail = visit(mask, seen, queue, tail, i + plane);
			}
			if (tail < minVoxels) {
				for (int k = 0; k < tail; k++) mask[queue[k]] = false;
				removed += tail;
			}
		}
		return removed;
	}

	private static int visit(boolean[] mask, boolean[] seen, int[] queue, int tail, int j) {
		if (mask[j] && !seen[j]) {
			seen[j] = true;
			queue[tail++] = j;
		}
		return tail;
	}
}
