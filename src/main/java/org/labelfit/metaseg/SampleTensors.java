package org.labelfit.metaseg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.labelfit.data.Sample;

/**
 * A sample as the network sees it: the points fitted (the whole 2D grid, the strided 3D grid),
 * their intensities, and for training the one-hot labels and the 3D loss weights.
 */
record SampleTensors(NDArray coords, NDArray target, NDArray oneHot, NDArray weights) implements AutoCloseable {

	/** Background weight of the 3D weighted MSE (0.1 as in the paper's 3D setting). */
	static SampleTensors of(NDManager manager, Sample s, int inputDims, int stride, int classes, Double backgroundWeight) {
		float[] coords;
		float[] values;
		short[] labels = null;
		if (inputDims == 2) {
			coords = Coordinates.grid2d(s.width(), s.height());
			values = s.intensity();
			labels = s.labels();
		}
		else {
			coords = Coordinates.grid3d(s.width(), s.height(), s.depth(), stride);
			int[] keep = stridedIndex(s, stride);
			values = new float[keep.length];
			for (int i = 0; i < keep.length; i++) values[i] = s.intensity()[keep[i]];
			if (s.labels() != null) {
				labels = new short[keep.length];
				for (int i = 0; i < keep.length; i++) labels[i] = s.labels()[keep[i]];
			}
		}
		int n = values.length;
		NDArray c = manager.create(coords, new Shape(n, inputDims));
		NDArray t = manager.create(values, new Shape(n, 1));
		NDArray oneHot = null, weights = null;
		if (labels != null && classes > 0) {
			float[] hot = new float[n * classes];
			float[] w = new float[n];
			for (int i = 0; i < n; i++) {
				hot[i * classes + labels[i]] = 1;
				w[i] = labels[i] == 0 && backgroundWeight != null ? backgroundWeight.floatValue() : 1f;
			}
			oneHot = manager.create(hot, new Shape(n, classes));
			if (backgroundWeight != null) weights = manager.create(w, new Shape(n, 1));
		}
		return new SampleTensors(c, t, oneHot, weights);
	}

	/** Indices of the voxels kept on the strided grid, in grid order. */
	static int[] stridedIndex(Sample s, int stride) {
		int[] index = new int[Coordinates.strided(s.width(), stride) * Coordinates.strided(s.height(), stride) *
			Coordinates.strided(s.depth(), stride)];
		int i = 0;
		for (int z = 0; z < s.depth(); z += stride)
			for (int y = 0; y < s.height(); y += stride)
				for (int x = 0; x < s.width(); x += stride)
					index[i++] = (z * s.height() + y) * s.width() + x;
		return index;
	}

	/** Most likely class per point. */
	static int[] argmax(NDArray logits) {
		return logits.argMax(1).toType(DataType.INT32, false).toIntArray();
	}

	@Override
	public void close() {
		coords.close();
		target.close();
		if (oneHot != null) oneHot.close();
		if (weights != null) weights.close();
	}
}
