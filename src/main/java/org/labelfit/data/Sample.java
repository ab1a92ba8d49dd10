package org.labelfit.data;

import org.labelfit.LabelFitException;

/**
 * One preprocessed image on a model's grid: intensities in about [0, 1] and, for training,
 * labels 0..C−1; x fastest, then y, then z ({@code depth} = 1 for 2D).
 */
public record Sample(String name, float[] intensity, short[] labels, int width, int height, int depth) implements java.io.Serializable {

	public Sample {
		if (intensity.length != (long) width * height * depth)
			throw new IllegalArgumentException("intensity has " + intensity.length + " values for " + width + "×" + height + "×" + depth);
		if (labels != null && labels.length != intensity.length)
			throw new LabelFitException(name + ": image and label sizes differ");
	}

	public boolean is3d() {
		return depth > 1;
	}

	public int size() {
		return intensity.length;
	}

	/** Checks that every label lies in 0..classes−1. */
	public void requireLabelsBelow(int classes) {
		for (short l : labels) {
			if (l < 0 || l >= classes)
				throw new LabelFitException(name + ": label value " + l + " is out of range 0.." + (classes - 1) + " for a " +
					classes + "-class model");
		}
	}
}
