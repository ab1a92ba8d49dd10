package org.labelfit.image;

import java.util.ArrayList;
import java.util.List;

import org.labelfit.LabelFitException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Dimensions;
import net.imglib2.IterableInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * Conversions between ImageJ 1 images and the ImgLib2 images LabelFit works on, plus input checks.
 * <p>
 * Intensity images are {@code Img<FloatType>} and label images {@code Img<UnsignedShortType>}, with
 * dimensions (x, y) or (x, y, z). They are created as {@link PlanarImg}s (one primitive array per
 * z-slice, index {@code y * width + x}) so they map onto ImageJ stacks without copying.
 */
public final class Images {

	private Images() {
	}

	/**
	 * Converts a single-channel, single-frame 8-, 16- or 32-bit image (2D or z-stack) to floats.
	 * 8- and 16-bit values go through the image's calibration function, if any (e.g. signed 16-bit).
	 * <p>
	 * A 32-bit image is <em>wrapped, not copied</em>: the result shares the float[] arrays of the stack,
	 * so callers must treat it as read-only (all LabelFit operations return new images).
	 *
	 * @throws LabelFitException for RGB/indexed-colour images, multi-channel or multi-frame hyperstacks,
	 *         or images smaller than 2×2
	 */
	public static Img<FloatType> toFloatImg(ImagePlus imp) {
		String name = "'" + imp.getTitle() + "'";
		switch (imp.getType()) {
			case ImagePlus.COLOR_RGB -> throw new LabelFitException(name + " is an RGB image; LabelFit needs a single-channel (grayscale) image");
			case ImagePlus.COLOR_256 -> throw new LabelFitException(name + " is an indexed-colour image; LabelFit needs a single-channel (grayscale) image");
			default -> { }
		}
		requireSingleChannelAndFrame(imp, name);
		requireMinSize(imp.getWidth(), imp.getHeight());
		ImageStack stack = imp.getStack();
		int n = stack.getSize();
		Calibration cal = imp.getCalibration();
		float[] table = cal.calibrated() ? cal.getCTable() : null;
		List<float[]> planes = new ArrayList<>(n);
		for (int z = 1; z <= n; z++) {
			Object pixels = stack.getPixels(z);
			if (pixels instanceof float[] f)
				planes.add(f);
			else
				planes.add(toFloats(pixels, table));
		}
		return floatImg(planes, imp.getWidth(), imp.getHeight());
	}

	/**
	 * Reads a label image: 8- or 16-bit (a colour LUT is fine), or 32-bit holding whole numbers in 0..65535.
	 * Always copies.
	 */
	public static Img<UnsignedShortType> toLabelImg(ImagePlus imp) {
		String name = "'" + imp.getTitle() + "'";
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new LabelFitException(name + " is an RGB image; a label image must hold one integer label per pixel");
		requireSingleChannelAndFrame(imp, name);
		requireMinSize(imp.getWidth(), imp.getHeight());
		ImageStack stack = imp.getStack();
		List<short[]> planes = new ArrayList<>();
		for (int z = 1; z <= stack.getSize(); z++)
			planes.add(toShorts(stack.getPixels(z), name));
		return labelImg(planes, imp.getWidth(), imp.getHeight());
	}

	/** A 16-bit ImagePlus (stack if 3D) that shares the label arrays when {@code labels} is planar. */
	public static ImagePlus labelsToImagePlus(Img<UnsignedShortType> labels, String title) {
		int w = (int) labels.dimension(0), h = (int) labels.dimension(1);
		ImageStack stack = new ImageStack(w, h);
		for (short[] plane : shortPlanes(labels))
			stack.addSlice(null, new ShortProcessor(w, h, plane, null));
		return new ImagePlus(title, stack);
	}

	/** A 32-bit ImagePlus (stack if 3D) that shares the float arrays when {@code image} is planar. */
	public static ImagePlus floatToImagePlus(Img<FloatType> image, String title) {
		int w = (int) image.dimension(0), h = (int) image.dimension(1);
		ImageStack stack = new ImageStack(w, h);
		for (float[] plane : floatPlanes(image))
			stack.addSlice(null, new FloatProcessor(w, h, plane));
		ImagePlus imp = new ImagePlus(title, stack);
		imp.resetDisplayRange();
		return imp;
	}

	/** Wraps per-slice arrays (each {@code width * height}) as a planar image without copying: 2D for one slice. */
	public static Img<FloatType> floatImg(List<float[]> planes, int width, int height) {
		List<FloatArray> access = new ArrayList<>(planes.size());
		for (float[] p : planes) {
			requireLength(p.length, width, height);
			access.add(new FloatArray(p));
		}
		PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(access, dims(width, height, planes.size()), new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** Wraps per-slice arrays (each {@code width * height}) as a planar image without copying: 2D for one slice. */
	public static Img<UnsignedShortType> labelImg(List<short[]> planes, int width, int height) {
		List<ShortArray> access = new ArrayList<>(planes.size());
		for (short[] p : planes) {
			requireLength(p.length, width, height);
			access.add(new ShortArray(p));
		}
		PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(access, dims(width, height, planes.size()), new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

	/**
	 * The z-slices of a 2D or 3D float image, index {@code y * width + x}. Shared with the image when it is
	 * planar (or a 2D array image), otherwise copied.
	 */
	public static float[][] floatPlanes(Img<FloatType> img) {
		int[] d = dims2or3(img);
		float[][] planes = new float[d[2]][];
		Object shared = sharedPlane(img, 0);
		if (shared instanceof FloatArray) {
			for (int z = 0; z < d[2]; z++)
				planes[z] = ((FloatArray) sharedPlane(img, z)).getCurrentStorageArray();
			return planes;
		}
		int i = 0;
		for (int z = 0; z < d[2]; z++)
			planes[z] = new float[d[0] * d[1]];
		for (FloatType t : Views.flatIterable(img)) {
			planes[i / (d[0] * d[1])][i % (d[0] * d[1])] = t.get();
			i++;
		}
		return planes;
	}

	/** Like {@link #floatPlanes} for label images: shared when planar (or 2D array), otherwise copied. */
	public static short[][] shortPlanes(Img<UnsignedShortType> img) {
		int[] d = dims2or3(img);
		short[][] planes = new short[d[2]][];
		Object shared = sharedPlane(img, 0);
		if (shared instanceof ShortArray) {
			for (int z = 0; z < d[2]; z++)
				planes[z] = ((ShortArray) sharedPlane(img, z)).getCurrentStorageArray();
			return planes;
		}
		int i = 0;
		for (int z = 0; z < d[2]; z++)
			planes[z] = new short[d[0] * d[1]];
		for (UnsignedShortType t : Views.flatIterable(img)) {
			planes[i / (d[0] * d[1])][i % (d[0] * d[1])] = t.getShort();
			i++;
		}
		return planes;
	}

	/** Width, height and depth (1 for 2D) of a 2D or 3D image. */
	public static int[] dims2or3(Dimensions img) {
		int n = img.numDimensions();
		if (n != 2 && n != 3)
			throw new LabelFitException("image has " + n + " dimensions; LabelFit needs a 2D image or a 3D stack");
		long w = img.dimension(0), h = img.dimension(1), d = n == 3 ? img.dimension(2) : 1;
		if (w * h > Integer.MAX_VALUE)
			throw new LabelFitException("image slices of " + w + "×" + h + " pixels are too large");
		return new int[] { (int) w, (int) h, (int) d };
	}

	/** @throws LabelFitException "image contains NaN or infinite values" */
	public static void requireFinite(IterableInterval<? extends RealType<?>> img) {
		for (RealType<?> t : img)
			if (!Double.isFinite(t.getRealDouble()))
				throw new LabelFitException("image contains NaN or infinite values");
	}

	/** @throws LabelFitException when every pixel has the same value */
	public static void requireNotConstant(IterableInterval<? extends RealType<?>> img) {
		double first = Double.NaN;
		for (RealType<?> t : img) {
			double v = t.getRealDouble();
			if (Double.isNaN(first))
				first = v;
			else if (v != first)
				return;
		}
		throw new LabelFitException("image is constant (every pixel is " + first + "); LabelFit needs an image with contrast");
	}

	/** @throws LabelFitException when the image is smaller than 2×2 pixels in x and y */
	public static void requireMinSize(Dimensions img) {
		requireMinSize(img.dimension(0), img.numDimensions() > 1 ? img.dimension(1) : 1);
	}

	private static void requireMinSize(long w, long h) {
		if (w < 2 || h < 2)
			throw new LabelFitException("image is " + w + "×" + h + "; LabelFit needs at least 2×2 pixels");
	}

	private static void requireSingleChannelAndFrame(ImagePlus imp, String name) {
		if (imp.getNChannels() > 1)
			throw new LabelFitException(name + " has " + imp.getNChannels() + " channels; LabelFit needs a single-channel image (split channels first)");
		if (imp.getNFrames() > 1)
			throw new LabelFitException(name + " has " + imp.getNFrames() + " time frames; LabelFit needs a single time point");
	}

	private static void requireLength(int length, int width, int height) {
		if (length != width * height)
			throw new IllegalArgumentException("slice has " + length + " pixels, expected " + width + "×" + height);
	}

	private static long[] dims(int width, int height, int depth) {
		return depth == 1 ? new long[] { width, height } : new long[] { width, height, depth };
	}

	/** The storage of slice z when it can be shared, else null. */
	private static Object sharedPlane(Img<?> img, int z) {
		if (img instanceof PlanarImg<?, ?> p)
			return p.getPlane(z);
		if (img instanceof ArrayImg<?, ?> a && img.numDimensions() == 2)
			return a.update(null);
		return null;
	}

	private static float[] toFloats(Object pixels, float[] table) {
		if (pixels instanceof byte[] b) {
			float[] f = new float[b.length];
			for (int i = 0; i < b.length; i++)
				f[i] = table != null ? table[b[i] & 0xff] : b[i] & 0xff;
			return f;
		}
		short[] s = (short[]) pixels;
		float[] f = new float[s.length];
		for (int i = 0; i < s.length; i++)
			f[i] = table != null ? table[s[i] & 0xffff] : s[i] & 0xffff;
		return f;
	}

	private static short[] toShorts(Object pixels, String name) {
		if (pixels instanceof short[] s)
			return s.clone();
		if (pixels instanceof byte[] b) {
			short[] s = new short[b.length];
			for (int i = 0; i < b.length; i++)
				s[i] = (short) (b[i] & 0xff);
			return s;
		}
		float[] f = (float[]) pixels;
		short[] s = new short[f.length];
		for (int i = 0; i < f.length; i++) {
			float v = f[i];
			if (v != Math.rint(v) || v < 0 || v > 65535)
				throw new LabelFitException(name + " has pixel value " + v + "; labels must be whole numbers from 0 to 65535");
			s[i] = (short) (int) v;
		}
		return s;
	}
}
