package org.labelfit.data;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.image.Normalization;
import org.labelfit.image.SquareGrid;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.train.Progress;

/**
 * Brings images onto a model's grid, the same way for every method: min-max normalisation over
 * the image or volume; for 2D models zero-padding to a square and resizing to the model's size
 * (labels nearest); 3D models keep the volume's own grid.
 */
public final class Samples {

	private Samples() {}

	/** Reads image/label pairs as training samples; 3D volumes give their labelled slices to a 2D model. */
	public static List<Sample> training(List<ImagePairs.Pair> pairs, int inputDims, int size, Progress progress) {
		List<Sample> samples = new ArrayList<>();
		for (ImagePairs.Pair pair : pairs) {
			progress.checkCancelled();
			ImageData image = ImageFiles.read(pair.image());
			ImageData labels = ImageFiles.read(pair.label());
			if (!java.util.Arrays.equals(image.dims(), labels.dims()))
				throw new LabelFitException(pair.key() + ": image is " + text(image.dims()) + " but labels are " + text(labels.dims()));
			samples.addAll(of(image, labels.labelPlanes(), inputDims, size, true));
		}
		if (samples.isEmpty()) throw new LabelFitException("no labelled images or slices to train on");
		return samples;
	}

	/**
	 * Preprocessed samples of one image: one per slice for a 2D model, one per volume for a 3D model.
	 *
	 * @param labels label planes or null; with {@code labelledSlicesOnly} background-only slices are skipped
	 */
	public static List<Sample> of(ImageData image, short[][] labels, int inputDims, int size, boolean labelledSlicesOnly) {
		Img<FloatType> normalized = normalize(image);
		float[][] planes = Images.floatPlanes(normalized);
		int[] d = Images.dims2or3(normalized);
		List<Sample> samples = new ArrayList<>();
		if (inputDims == 3) {
			if (planes.length < 2) throw new LabelFitException(image.name() + " is 2D; a 3D model needs a volume");
			samples.add(new Sample(image.name(), concat(planes), labels == null ? null : concat(labels), d[0], d[1], d[2]));
			return samples;
		}
		SquareGrid grid = new SquareGrid(d[0], d[1], size);
		for (int z = 0; z < planes.length; z++) {
			if (labelledSlicesOnly && labels != null && !hasForeground(labels[z])) continue;
			String name = planes.length == 1 ? image.name() : image.name() + " z=" + (z + 1);
			samples.add(new Sample(name, grid.toSquare(planes[z]), labels == null ? null : grid.toSquareLabels(labels[z]), size, size, 1));
		}
		return samples;
	}

	/** Number of classes the labels of {@code samples} need: the largest label + 1. */
	public static int classCount(List<Sample> samples) {
		int max = 0;
		for (Sample s : samples) for (short l : s.labels()) max = Math.max(max, l & 0xffff);
		if (max == 0) throw new LabelFitException("the label images contain only background (0); nothing to learn");
		return max + 1;
	}

	/** The given class names, checked against the count, or "background", "class 1", ... */
	public static List<String> classNames(List<String> given, int classes) {
		if (given != null && !given.isEmpty()) {
			if (given.size() != classes)
				throw new LabelFitException(given.size() + " class names given for " + classes + " classes (background included)");
			return given;
		}
		List<String> names = new ArrayList<>();
		names.add("background");
		for (int c = 1; c < classes; c++) names.add("class " + c);
		return names;
	}

	private static Img<FloatType> normalize(ImageData image) {
		try {
			Images.requireMinSize(image.pixels());
			Images.requireFinite(image.pixels());
			Images.requireNotConstant(image.pixels());
		}
		catch (LabelFitException e) {
			throw new LabelFitException(image.name() + ": " + e.getMessage(), e);
		}
		return Normalization.minMax(image.pixels());
	}

	private static boolean hasForeground(short[] labels) {
		for (short l : labels) if (l != 0) return true;
		return false;
	}

	private static float[] concat(float[][] planes) {
		float[] all = new float[planes.length * planes[0].length];
		for (int z = 0; z < planes.length; z++) System.arraycopy(planes[z], 0, all, z * planes[0].length, planes[0].length);
		return all;
	}

	private static short[] concat(short[][] planes) {
		short[] all = new short[planes.length * planes[0].length];
		for (int z = 0; z < planes.length; z++) System.arraycopy(planes[z], 0, all, z * planes[0].length, planes[0].length);
		return all;
	}

	private static String text(long[] dims) {
		StringBuilder s = new StringBuilder();
		for (long x : dims) s.append(s.length() == 0 ? "" : "×").append(x);
		return s.toString();
	}
}
