package org.labelfit.unet;

import java.util.function.UnaryOperator;

/**
 * Whole-volume class probabilities from patch-sized predictions: windows of the patch size step by half a patch along
 * each axis (the last one flush with the far end; an axis shorter than the patch gets one window, zero-padded), and
 * every voxel gets the mean of the windows covering it, so the result lies on the input grid.
 */
final class UNetWindows {

	private UNetWindows() {}

	/**
	 * @param predictor maps a patch's values (z, y, x order) to {@code classes} maps of the patch (class, z, y, x)
	 * @return {@code classes} maps of the volume (class, z, y, x)
	 */
	static float[] stitch(UNetVolume volume, int[] patch, int classes, UnaryOperator<float[]> predictor) {
		int[] size = volume.size();
		int voxels = size[0] * size[1] * size[2], patchVoxels = patch[0] * patch[1] * patch[2];
		float[] sum = new float[classes * voxels];
		int[] covered = new int[voxels];
		float[] values = new float[patchVoxels];
		for (int z0 : starts(size[2], patch[2]))
			for (int y0 : starts(size[1], patch[1]))
				for (int x0 : starts(size[0], patch[0])) {
					volume.crop(new int[] { x0, y0, z0 }, patch, values, 0, null, 0, classes);
					float[] p = predictor.apply(values);
					for (int k = 0; k < Math.min(patch[2], size[2] - z0); k++)
						for (int j = 0; j < Math.min(patch[1], size[1] - y0); j++)
							for (int i = 0; i < Math.min(patch[0], size[0] - x0); i++) {
								int to = ((z0 + k) * size[1] + y0 + j) * size[0] + x0 + i, from = (k * patch[1] + j) * patch[0] + i;
								covered[to]++;
								for (int c = 0; c < classes; c++) sum[c * voxels + to] += p[c * patchVoxels + from];
							}
				}
		for (int c = 0; c < classes; c++) for (int v = 0; v < voxels; v++) sum[c * voxels + v] /= covered[v];
		return sum;
	}

	/** Window starts along an axis of {@code n} voxels: 0, p/2, p, … and n − p last. */
	static int[] starts(int n, int p) {
		if (n <= p) return new int[] { 0 };
		int step = Math.max(1, p / 2), count = (n - p + step - 1) / step + 1;
		int[] s = new int[count];
		for (int i = 0; i < count; i++) s[i] = Math.min(i * step, n - p);
		return s;
	}
}
