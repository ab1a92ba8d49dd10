package org.labelfit.pix2rep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.train.Progress;

/**
 * The image files pretraining and head training read, preprocessed by {@link Pix2RepPreprocessing}.
 */
final class Pix2RepImages {

	private Pix2RepImages() {}

	/** The files the specs (files, folders, globs) name, each once, in order. */
	static List<Path> list(List<String> specs) {
		Set<Path> files = new LinkedHashSet<>();
		for (String spec : specs) files.addAll(ImagePairs.list(spec));
		if (files.isEmpty()) throw new LabelFitException("no images found in " + String.join(", ", specs));
		return new ArrayList<>(files);
	}

	/** All slices of all files, preprocessed. */
	static List<float[]> load(List<Path> files, Pix2RepPreprocessing preprocessing, Progress progress) {
		List<float[]> slices = new ArrayList<>();
		for (Path file : files) {
			progress.checkCancelled();
			slices.addAll(preprocessing.slices(ImageFiles.read(file)));
		}
		return slices;
	}
	/**
	 * The planes of a label file as labels: whole numbers below {@link Pix2RepConfig#MAX_CLASSES}, and the value
	 * {@code ignore} (if given) as unlabelled ({@code -1}).
	 */
	static short[][] labelPlanes(ImageData labels, Integer ignore) {
		float[][] planes = Images.floatPlanes(labels.pixels());
		short[][] out = new short[planes.length][];
		for (int z = 0; z < planes.length; z++) {
			short[] s = new short[planes[z].length];
			for (int i = 0; i < s.length; i++) {
				float v = planes[z][i];
				if (ignore != null && v == ignore) s[i] = -1;
				else if (v != Math.rint(v) || v < 0 || v >= Pix2RepConfig.MAX_CLASSES)
					throw new LabelFitException(labels.name() + ": label value " + v + " is not a class 0.." + (Pix2RepConfig.MAX_CLASSES - 1) +
						(ignore == null ? " (mark unlabelled pixels with --ignore-label V)" : " nor the ignored value " + ignore));
				else s[i] = (short) v;
			}
			out[z] = s;
		}
		return out;
	}

	/** Label planes with the value {@code ignore} (read unsigned, as label images store it) unlabelled; unchanged when null. */
	static short[][] ignoring(short[][] planes, Integer ignore) {
		if (ignore == null) return planes;
		short[][] out = new short[planes.length][];
		for (int z = 0; z < planes.length; z++) {
			out[z] = planes[z].clone();
			for (int i = 0; i < out[z].length; i++) if ((out[z][i] & 0xFFFF) == ignore) out[z][i] = -1;
		}
		return out;
	}

	/**
	 * The slices of an image with at least one labelled pixel, preprocessed, with their labels on the grid;
	 * {@code labels} are per plane, {@code -1} unlabelled.
	 */
	static List<Pix2RepHeadTrainer.Slice> labelled(ImageData image, short[][] labels, String labelName, Pix2RepPreprocessing preprocessing) {
		long[] d = image.dims();
		int w = (int) d[0], h = (int) d[1], depth = d.length > 2 ? (int) d[2] : 1;
		if (labels.length != depth || labels[0].length != (long) w * h)
			throw new LabelFitException("labels " + labelName + " (" + labels.length + " planes of " + labels[0].length + " pixels) do not match image " +
				image.name() + " (" + w + "×" + h + "×" + depth + ")");
		List<float[]> slices = preprocessing.slices(image);
		List<Pix2RepHeadTrainer.Slice> out = new ArrayList<>();
		for (int z = 0; z < depth; z++) {
			boolean any = false;
			for (short v : labels[z]) {
				if (v < -1) throw new LabelFitException(labelName + ": label value " + (v & 0xFFFF) + " is not a class");
				any |= v >= 0;
			}
			if (any) out.add(new Pix2RepHeadTrainer.Slice(slices.get(z), preprocessing.labels(labels[z], w, h)));
		}
		return out;
	}
}
