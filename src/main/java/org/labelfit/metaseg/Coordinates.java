package org.labelfit.metaseg;

/**
 * MetaSeg's coordinate grids: {@code linspace(-1, 1, n)} per axis, the first coordinate
 * following the row (y), the second the column (x), the third the slice (z); points are
 * listed in ImgLib2 order (x fastest), which for 2D is row-major order.
 */
public final class Coordinates {

	private Coordinates() {}

	/** (H·W) × 2 grid for an image of {@code width} × {@code height} pixels. */
	public static float[] grid2d(int width, int height) {
		float[] c = new float[width * height * 2];
		int i = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				c[i++] = lin(y, height);
				c[i++] = lin(x, width);
			}
		return c;
	}

	/**
	 * Grid over the full volume of {@code width × height × depth} voxels, keeping every
	 * {@code stride}-th voxel per axis (from 0): coordinates still span [−1, 1] of the full grid.
	 */
	public static float[] grid3d(int width, int height, int depth, int stride) {
		int w = strided(width, stride), h = strided(height, stride), d = strided(depth, stride);
		float[] c = new float[w * h * d * 3];
		int i = 0;
		for (int z = 0; z < depth; z += stride)
			for (int y = 0; y < height; y += stride)
				for (int x = 0; x < width; x += stride) {
					c[i++] = lin(y, height);
					c[i++] = lin(x, width);
					c[i++] = lin(z, depth);
				}
		return c;
	}

	/** Number of samples along an axis of {@code n} voxels taken with {@code stride}. */
	public static int strided(int n, int stride) {
		return (n + stride - 1) / stride;
	}

	/** Element {@code i} of {@code linspace(-1, 1, n)}; a single sample sits at −1 as in PyTorch. */
	static float lin(int i, int n) {
		return n == 1 ? -1f : (float) (-1.0 + 2.0 * i / (n - 1));
	}
}
