package org.labelfit.universeg;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.labelfit.LabelFitException;
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImagePairs;
import org.labelfit.train.Progress;

/**
 * The labelled examples that define a UniverSeg task, preprocessed onto the model's square grid
 * (min-max over each image or volume, zero-padded to a square, resized; labels nearest). Volumes give
 * their labelled slices; examples without any label are left out, since they carry no structure.
 */
public record SupportSet(List<Sample> examples) implements java.io.Serializable {

	public SupportSet {
		if (examples == null || examples.isEmpty())
			throw new LabelFitException("the support set is empty: give at least one labelled image");
		int size = examples.get(0).width();
		for (Sample s : examples)
			if (s.is3d() || s.width() != size || s.height() != size || s.labels() == null)
				throw new LabelFitException("support example " + s.name() + " is not a labelled " + size + "×" + size + " slice");
		examples = List.copyOf(examples);
	}

	/** Examples from image/label files paired by name (folders or globs, as for training). */
	public static SupportSet fromFiles(String images, String labels, String imageSuffix, String labelSuffix, int size, Progress progress) {
		List<ImagePairs.Pair> pairs = ImagePairs.pair(images, labels, imageSuffix, labelSuffix);
		try {
			return new SupportSet(Samples.training(pairs, 2, size, progress));
		}
		catch (LabelFitException e) {
			throw new LabelFitException("support: " + e.getMessage(), e);
		}
	}

	/** Examples from images already in memory (open Fiji images, ROIs turned into masks); label planes per z-slice. */
	public static SupportSet fromImages(List<ImageData> images, List<short[][]> labels, int size) {
		if (images.size() != labels.size())
			throw new LabelFitException(images.size() + " support images but " + labels.size() + " label images");
		List<Sample> examples = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) examples.addAll(Samples.of(images.get(i), labels.get(i), 2, size, true));
		if (examples.isEmpty()) throw new LabelFitException("the support labels contain only background (0): nothing to segment");
		return new SupportSet(examples);
	}

	public int size() {
		return examples.size();
	}

	public int gridSize() {
		return examples.get(0).width();
	}

	/** Every non-zero label value in some example, ascending. */
	public int[] labelsPresent() {
		TreeSet<Integer> present = new TreeSet<>();
		for (Sample s : examples) for (short l : s.labels()) if (l != 0) present.add(l & 0xffff);
		return present.stream().mapToInt(Integer::intValue).toArray();
	}

	/** The labels to segment: {@code requested} checked against the masks, or all present when null or empty. */
	public int[] labels(int[] requested) {
		int[] present = labelsPresent();
		if (requested == null || requested.length == 0) return present;
		TreeSet<Integer> have = new TreeSet<>();
		for (int l : present) have.add(l);
		TreeSet<Integer> seen = new TreeSet<>();
		for (int l : requested) {
			if (l <= 0 || l > 65535) throw new LabelFitException("labels must be between 1 and 65535, got " + l);
			if (!seen.add(l)) throw new LabelFitException("label " + l + " is listed twice");
			if (!have.contains(l))
				throw new LabelFitException("label " + l + " appears in none of the " + size() + " support masks (labels present: " +
					have.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
		}
		return requested.clone();
	}

	/** Example {@code i}'s binary mask of {@code label} as 0/1 floats. */
	public float[] mask(int i, int label) {
		return binary(examples.get(i).labels(), label);
	}

	/** 1 where {@code labels} equals {@code label}, else 0. */
	static float[] binary(short[] labels, int label) {
		float[] m = new float[labels.length];
		for (int p = 0; p < labels.length; p++) if ((labels[p] & 0xffff) == label) m[p] = 1;
		return m;
	}
}
