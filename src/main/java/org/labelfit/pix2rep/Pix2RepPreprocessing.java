package org.labelfit.pix2rep;

import java.util.ArrayList;
import java.util.List;

import org.labelfit.Choice;
import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.image.Normalization;
import org.labelfit.image.SquareGrid;
import org.labelfit.io.ImageData;

/**
 * How an image becomes network input, stored in the model so that training and segmenting agree: an optional fixed
 * crop (the user's stand-in for the official ground-truth bounding box), the [1, 99] percentile clip of the cropped
 * image or volume rescaled to [0, 1], and each slice resized to size × size, bilinear (default) or nearest (the
 * official code's {@code F.interpolate} default). Labels are always resized nearest; segment labels go back to the
 * crop window nearest and are pasted into the uncropped grid, background outside.
 */
public record Pix2RepPreprocessing(int size, Interpolation interpolation, Crop crop) {

	static final double LOW_PERCENT = 1, HIGH_PERCENT = 99;

	public enum Interpolation {
		BILINEAR, NEAREST;

		public static Interpolation of(String name) {
			return Choice.of(Interpolation.class, "interpolation", name);
		}
	}

	public Pix2RepPreprocessing {
		requireSize(size);
		if (interpolation == null) interpolation = Interpolation.BILINEAR;
	}

	/** Bilinear, no crop. */
	public static Pix2RepPreprocessing of(int size) {
		return new Pix2RepPreprocessing(size, Interpolation.BILINEAR, null);
	}

	static void requireSize(int size) {
		if (size < Pix2RepConfig.DIVISOR || size % Pix2RepConfig.DIVISOR != 0 || size > Pix2RepModel.MAX_SIZE)
			throw new LabelFitException("size must be a multiple of " + Pix2RepConfig.DIVISOR + " up to " + Pix2RepModel.MAX_SIZE + ", got " + size);
	}

	/**
	 * A fixed crop window X,Y,W,H, each value in pixels ("12") or as a percentage of the image side ("10%"), so one
	 * crop fits scans of different sizes.
	 */
	public record Crop(String x, String y, String width, String height) {

		public Crop {
			for (String v : new String[] { x, y, width, height }) value(v, 100);
		}

		/** Parses "X,Y,W,H"; null or blank gives null (no crop). */
		public static Crop parse(String spec) {
			if (spec == null || spec.isBlank()) return null;
			String[] p = spec.split(",", -1);
			if (p.length != 4) throw new LabelFitException("crop must be X,Y,W,H (pixels or percentages such as 10%), got '" + spec + "'");
			return new Crop(p[0].trim(), p[1].trim(), p[2].trim(), p[3].trim());
		}

		/** The window {x, y, w, h} in pixels of a width × height image; fails unless it lies inside and is not empty. */
		public int[] window(int imageWidth, int imageHeight) {
			int[] w = { value(x, imageWidth), value(y, imageHeight), value(width, imageWidth), value(height, imageHeight) };
			if (w[2] < 1 || w[3] < 1 || w[0] + w[2] > imageWidth || w[1] + w[3] > imageHeight)
				throw new LabelFitException("crop " + this + " gives " + w[2] + "×" + w[3] + " at (" + w[0] + ", " + w[1] + "), not inside the " +
					imageWidth + "×" + imageHeight + " image");
			return w;
		}

		/** Pixels, or a percentage of {@code side} rounded to the nearest pixel. */
		private static int value(String v, int side) {
			try {
				if (v.endsWith("%")) {
					double p = Double.parseDouble(v.substring(0, v.length() - 1));
					if (!(p >= 0 && p <= 100)) throw new NumberFormatException();
					return (int) Math.round(p * side / 100);
				}
				int n = Integer.parseInt(v);
				if (n < 0) throw new NumberFormatException();
				return n;
			}
			catch (NumberFormatException | NullPointerException e) {
				throw new LabelFitException("crop value '" + v + "' is neither a whole number of pixels nor a percentage such as 10%");
			}
		}

		@Override
		public String toString() {
			return x + "," + y + "," + width + "," + height;
		}
	}

	/** The crop window of a width × height image: the whole image without a crop. */
	int[] window(int width, int height) {
		return crop == null ? new int[] { 0, 0, width, height } : crop.window(width, height);
	}

	/** All slices of an image or volume, cropped, clipped over the whole (cropped) volume, size × size each. */
	List<float[]> slices(ImageData image) {
		Images.requireFinite(image.pixels());
		long[] d = image.dims();
		int[] w = window((int) d[0], (int) d[1]);
		float[][] planes = Images.floatPlanes(image.pixels());
		int plane = w[2] * w[3];
		float[] volume = new float[planes.length * plane];
		for (int z = 0; z < planes.length; z++) System.arraycopy(cut(planes[z], (int) d[0], w), 0, volume, z * plane, plane);
		float[] clipped = Normalization.percentileClip(volume, LOW_PERCENT, HIGH_PERCENT);
		List<float[]> out = new ArrayList<>();
		for (int z = 0; z < planes.length; z++) {
			float[] p = new float[plane];
			System.arraycopy(clipped, z * plane, p, 0, plane);
			out.add(interpolation == Interpolation.BILINEAR ? SquareGrid.resize(p, w[2], w[3], size, size) : nearest(p, w[2], w[3], size, size));
		}
		return out;
	}

	/** Label planes of a width × height image on the grid: cropped, nearest resize ({@code -1}, unlabelled, survives). */
	short[] labels(short[] plane, int width, int height) {
		int[] w = window(width, height);
		short[] cut = new short[w[2] * w[3]];
		for (int y = 0; y < w[3]; y++) System.arraycopy(plane, (y + w[1]) * width + w[0], cut, y * w[2], w[2]);
		return SquareGrid.resizeNearest(cut, w[2], w[3], size, size);
	}

	/** Grid labels back on the width × height input: nearest into the crop window, background outside it. */
	short[] back(short[] labels, int width, int height) {
		int[] w = window(width, height);
		short[] inside = SquareGrid.resizeNearest(labels, size, size, w[2], w[3]);
		short[] out = new short[width * height];
		for (int y = 0; y < w[3]; y++) System.arraycopy(inside, y * w[2], out, (y + w[1]) * width + w[0], w[2]);
		return out;
	}

	private static float[] cut(float[] plane, int width, int[] w) {
		float[] out = new float[w[2] * w[3]];
		for (int y = 0; y < w[3]; y++) System.arraycopy(plane, (y + w[1]) * width + w[0], out, y * w[2], w[2]);
		return out;
	}

	/** PyTorch's 'nearest': output pixel i samples input floor(i · in / out). */
	private static float[] nearest(float[] src, int w, int h, int newW, int newH) {
		float[] out = new float[newW * newH];
		for (int y = 0; y < newH; y++) {
			int row = (int) Math.min((long) y * h / newH, h - 1) * w;
			for (int x = 0; x < newW; x++) out[y * newW + x] = src[row + (int) Math.min((long) x * w / newW, w - 1)];
		}
		return out;
	}
}
