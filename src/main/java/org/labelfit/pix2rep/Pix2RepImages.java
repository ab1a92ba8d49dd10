package org.labelfit.pix2rep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.image.Normalization;
import org.labelfit.image.SquareGrid;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.train.Progress;

/**
 * The unlabelled slices pretraining learns from, preprocessed as the paper says: each image or volume clipped to
 * its [1, 99] percentiles and rescaled to [0, 1], then every slice resized to size × size (bilinear). The official
 * code first crops to the ground-truth mask's bounding box, which an unlabelled scan does not have (docs/pix2rep.md).
 */
final class Pix2RepImages {

	static final double LOW_PERCENT = 1, HIGH_PERCENT = 99;

	private Pix2RepImages() {}

	/** The files the specs (files, folders, globs) name, each once, in order. */
	static List<Path> list(List<String> specs) {
		Set<Path> files = new LinkedHashSet<>();
		for (String spec : specs) files.addAll(ImagePairs.list(spec));
		if (files.isEmpty()) throw new LabelFitException("no images found in " + String.join(", ", specs));
		return new ArrayList<>(files);
	}

	/** All slices of all files, size × size each. */
	static List<float[]> load(List<Path> files, int size, Progress progress) {
		List<float[]> slices = new ArrayList<>();
		for (Path file : files) {
			progress.checkCancelled();
			slices.addAll(slices(ImageFiles.read(file), size));
		}
		return slices;
	}

	static List<float[]> slices(ImageData image, int size) {
		Images.requireFinite(image.pixels());
		long[] d = image.dims();
		int width = (int) d[0], height = (int) d[1];
		List<float[]> out = new ArrayList<>();
		for (float[] plane : Images.floatPlanes(Normalization.percentileClip(image.pixels(), LOW_PERCENT, HIGH_PERCENT)))
			out.add(SquareGrid.resize(plane, width, height, size, size));
		return out;
	}
}
