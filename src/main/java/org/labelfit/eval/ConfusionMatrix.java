package org.labelfit.eval;

import java.util.Arrays;

import org.labelfit.LabelFitException;

/**
 * Pixel (or voxel) counts of every (true class, predicted class) pair over labels 0..C-1, 0 being the background.
 * Matrices add up, so one can be collected slice by slice for a volume, or over many images for pooled metrics.
 * {@code short} labels are read as unsigned, as ImageJ's 16-bit images are.
 */
public final class ConfusionMatrix {

	/** Keeps the C×C table small (8 MB at most). */
	public static final int MAX_CLASSES = 1024;

	private final int numClasses;
	/** counts[truth * numClasses + predicted] */
	private final long[] counts;

	public ConfusionMatrix(int numClasses) {
		if (numClasses < 1 || numClasses > MAX_CLASSES)
			throw new LabelFitException("the number of classes must be between 1 and " + MAX_CLASSES + ", not "
				+ numClasses);
		this.numClasses = numClasses;
		this.counts = new long[numClasses * numClasses];
	}

	public static ConfusionMatrix of(int[] prediction, int[] truth, int numClasses) {
		ConfusionMatrix m = new ConfusionMatrix(numClasses);
		m.add(prediction, truth);
		return m;
	}

	public static ConfusionMatrix of(short[] prediction, short[] truth, int numClasses) {
		ConfusionMatrix m = new ConfusionMatrix(numClasses);
		m.add(prediction, truth);
		return m;
	}

	/** Adds the pixels of one image; on a bad label nothing is added. */
	public void add(int[] prediction, int[] truth) {
		checkLengths(prediction.length, truth.length);
		long[] local = new long[counts.length];
		for (int i = 0; i < truth.length; i++)
			local[check(truth[i], i, "truth") * numClasses + check(prediction[i], i, "prediction")]++;
		merge(local);
	}

	/** Adds the pixels of one image, labels read as unsigned; on a bad label nothing is added. */
	public void add(short[] prediction, short[] truth) {
		checkLengths(prediction.length, truth.length);
		long[] local = new long[counts.length];
		for (int i = 0; i < truth.length; i++)
			local[check(truth[i] & 0xffff, i, "truth") * numClasses + check(prediction[i] & 0xffff, i, "prediction")]++;
		merge(local);
	}

	public void add(ConfusionMatrix other) {
		if (other.numClasses != numClasses)
			throw new LabelFitException("cannot add counts for " + other.numClasses + " classes to counts for "
				+ numClasses);
		merge(other.counts);
	}

	private void merge(long[] local) {
		for (int i = 0; i < counts.length; i++)
			counts[i] += local[i];
	}

	private static void checkLengths(int prediction, int truth) {
		if (prediction != truth)
			throw new LabelFitException("prediction and truth differ in size (" + prediction + " and " + truth
				+ " pixels)");
	}

	private int check(int label, int index, String which) {
		if (label < 0 || label >= numClasses)
			throw new LabelFitException("label " + label + " at pixel " + index + " of the " + which
				+ " is outside the classes 0.." + (numClasses - 1));
		return label;
	}

	public int numClasses() {
		return numClasses;
	}

	public long count(int truthClass, int predictedClass) {
		return counts[truthClass * numClasses + predictedClass];
	}

	/** |T_c|: pixels whose true class is c. */
	public long truthCount(int c) {
		long n = 0;
		for (int p = 0; p < numClasses; p++)
			n += counts[c * numClasses + p];
		return n;
	}

	/** |P_c|: pixels predicted as c. */
	public long predictedCount(int c) {
		long n = 0;
		for (int t = 0; t < numClasses; t++)
			n += counts[t * numClasses + c];
		return n;
	}

	/** |P_c ∩ T_c| */
	public long intersection(int c) {
		return counts[c * numClasses + c];
	}

	public long total() {
		return Arrays.stream(counts).sum();
	}

	public ConfusionMatrix copy() {
		ConfusionMatrix m = new ConfusionMatrix(numClasses);
		m.merge(counts);
		return m;
	}
}
