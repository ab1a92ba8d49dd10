package org.labelfit.metaseg;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
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
 * Moves images between the user's grid and MetaSeg's: min-max normalisation over the image or
 * volume; for 2D models zero-padding to a square and resizing to the model's size (labels
 * nearest), and the exact inverse for the labels that come back, optionally at F× resolution.
 */
public final class MetaSegImages {

	private MetaSegImages() {}

	/** Reads image/label pairs as training samples; 3D volumes give their labelled slices to a 2D model. */
	public static List<Sample> trainingSamples(List<ImagePairs.Pair> pairs, int inputDims, int size, Progress progress) {
		List<Sample> samples = new ArrayList<>();
		for (ImagePairs.Pair pair : pairs) {
			progress.checkCancelled();
			ImageData image = ImageFiles.read(pair.image());
			ImageData labels = ImageFiles.read(pair.label());
			if (!java.util.Arrays.equals(image.dims(), labels.dims()))
				throw new LabelFitException(pair.key() + ": image is " + text(image.dims()) + " but labels are " + text(labels.dims()));
			samples.addAll(samples(image, labels.labelPlanes(), inputDims, size, true));
		}
		if (samples.isEmpty()) throw new LabelFitException("no labelled images or slices to train on");
		return samples;
	}

	/** Preprocessed samples of one image: one per slice for a 2D model, one per volume for a 3D model. */
	static List<Sample> samples(ImageData image, short[][] labels, int inputDims, int size, boolean labelledSlicesOnly) {
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

	/**
	 * Segments one image (2D, or a volume slice by slice with a 2D model) and returns labels on its
	 * own grid, or on a grid {@code scale}× finer rendered from the continuous network.
	 */
	public static Img<UnsignedShortType> segment(MetaSegSegmenter segmenter, MetaSegModel model, ImageData image, double scale,
		Progress progress)
	{
		if (!(scale > 0) || scale > 16) throw new LabelFitException("scale must be between 0 and 16, got " + scale);
		int[] d = Images.dims2or3(image.pixels());
		int w = scaled(d[0], scale), h = scaled(d[1], scale);
		List<Sample> samples = samples(image, null, model.config().inputDims(), model.size(), false);
		List<short[]> out = new ArrayList<>();
		if (model.config().inputDims() == 3) {
			int depth = scaled(d[2], scale);
			short[] labels = segmenter.segment(samples.get(0), w, h, depth, progress);
			for (int z = 0; z < depth; z++) out.add(java.util.Arrays.copyOfRange(labels, z * w * h, (z + 1) * w * h));
		}
		else {
			int outSize = scaled(model.size(), scale);
			SquareGrid back = new SquareGrid(w, h, outSize);
			for (Sample s : samples) out.add(back.fromSquareLabels(segmenter.segment(s, outSize, outSize, 1, progress)));
		}
		return Images.labelImg(out, w, h);
	}

	private static int scaled(int n, double scale) {
		return Math.max(1, (int) Math.round(n * scale));
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
