package org.labelfit.image;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.List;

import org.labelfit.LabelFitException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Turns label images into what a Fiji user expects: a 16-bit image with a categorical LUT and class names,
 * an overlay with one named, coloured ROI per class and slice, and RGB previews for saving as PNG.
 * <p>
 * Throughout, {@code classNames.get(k)} and {@code colors.get(k)} describe label value k; index 0 is the
 * background. Missing names become "class k"; missing colours come from {@link #defaultColors}'s generator.
 */
public final class LabelImages {

	/** Image property holding the comma-separated class names, background first. */
	public static final String CLASSES_PROPERTY = "LabelFit.classes";

	private static final double PREVIEW_ALPHA = 0.4;

	private LabelImages() {
	}

	/** The colour as model.json writes it: #rrggbb. */
	public static String hex(Color c) {
		return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
	}

	/** Black for the background, then distinct colours (hand-picked first, then Glasbey-like), n in all. */
	public static List<Color> defaultColors(int n) {
		return Palette.defaults(n);
	}

	/**
	 * A 256-entry LUT where entry k is the colour of label k: {@code colors}, completed with generated colours.
	 */
	public static LUT categoricalLut(List<Color> colors) {
		List<Color> all = Palette.extend(colors.isEmpty() ? List.of(Color.BLACK) : colors, 256);
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int k = 0; k < 256; k++) {
			r[k] = (byte) all.get(k).getRed();
			g[k] = (byte) all.get(k).getGreen();
			b[k] = (byte) all.get(k).getBlue();
		}
		return new LUT(r, g, b);
	}

	/**
	 * A 16-bit label image (stack if 3D) sharing the label arrays when planar, with a categorical LUT,
	 * the class names in property {@value #CLASSES_PROPERTY} and in the image info.
	 * <p>
	 * ImageJ maps a 16-bit value v to LUT entry {@code (v - min) * 256 / (max - min + 1)}; the display range is
	 * therefore 0..255, so label k shows exactly LUT colour k. With more than 255 labels a 256-entry LUT cannot
	 * be 1:1; the range becomes 0..maxLabel and neighbouring labels may share a colour.
	 *
	 * @param cal spatial calibration to copy, or null
	 */
	public static ImagePlus labelImage(Img<UnsignedShortType> labels, List<String> classNames, List<Color> colors, String title, Calibration cal) {
		for (String name : classNames)
			if (name.contains(",") || name.contains("\n"))
				throw new LabelFitException("class name '" + name + "' contains a comma or line break");
		ImagePlus imp = Images.labelsToImagePlus(labels, title);
		int max = maxLabel(Images.shortPlanes(labels));
		imp.setLut(categoricalLut(colors));
		imp.setDisplayRange(0, Math.max(255, max));
		if (cal != null)
			imp.setCalibration(cal.copy());
		imp.setProp(CLASSES_PROPERTY, String.join(",", classNames));
		StringBuilder info = new StringBuilder("LabelFit label image\n");
		for (int k = 0; k < classNames.size(); k++)
			info.append(k).append(" = ").append(classNames.get(k)).append('\n');
		imp.setProperty("Info", info.toString());
		return imp;
	}

	/**
	 * One ROI per present class (label &gt; 0) and z-slice, traced with {@link ThresholdToSelection}, named by
	 * class ("CSF", or "CSF z=3" in stacks, z 1-based), stroked in the class colour. In stacks each ROI is
	 * bound to its slice with {@code setPosition(z)}, the plain-stack equivalent of {@code setPosition(0, z, 0)}.
	 */
	public static Overlay overlay(Img<UnsignedShortType> labels, List<String> classNames, List<Color> colors) {
		int[] d = Images.dims2or3(labels);
		short[][] planes = Images.shortPlanes(labels);
		List<Color> palette = Palette.extend(colors, maxLabel(planes) + 1);
		Overlay overlay = new Overlay();
		ThresholdToSelection tracer = new ThresholdToSelection();
		for (int z = 0; z < d[2]; z++) {
			short[] plane = planes[z];
			boolean[] present = new boolean[65536];
			for (short v : plane)
				present[v & 0xffff] = true;
			for (int k = 1; k < present.length; k++) {
				if (!present[k])
					continue;
				byte[] mask = new byte[plane.length];
				for (int i = 0; i < plane.length; i++)
					if ((plane[i] & 0xffff) == k)
						mask[i] = (byte) 255;
				ByteProcessor bp = new ByteProcessor(d[0], d[1], mask);
				bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
				Roi roi = tracer.convert(bp);
				String name = k < classNames.size() ? classNames.get(k) : "class " + k;
				roi.setName(d[2] > 1 ? name + " z=" + (z + 1) : name);
				roi.setStrokeColor(palette.get(k));
				if (d[2] > 1)
					roi.setPosition(z + 1);
				overlay.add(roi);
			}
		}
		return overlay;
	}

	/**
	 * Adds the overlay's ROIs to the ROI Manager, opening it if needed. The ROI Manager is a window, so when
	 * headless this does nothing and returns false.
	 */
	public static boolean exportToRoiManager(Overlay overlay) {
		if (GraphicsEnvironment.isHeadless())
			return false;
		// in a batch-mode macro, the macro's hidden ROI Manager (getRoiManager would open a window the macro never sees)
		RoiManager rm = RoiManager.getInstance();
		if (rm == null) rm = RoiManager.getRoiManager();
		for (Roi roi : overlay.toArray())
			rm.addRoi((Roi) roi.clone());
		return true;
	}

	/** {@link #overlayPreview(Img, Img, List)} for an ImagePlus intensity image. */
	public static ImagePlus overlayPreview(ImagePlus image, Img<UnsignedShortType> labels, List<Color> colors) {
		return overlayPreview(Images.toFloatImg(image), labels, colors);
	}

	/**
	 * An RGB image (stack if 3D): the intensity image in gray (min..max of the whole image), each labelled pixel
	 * blended 40 % with its class colour, and class outlines (pixels with a differently labelled 4-neighbour)
	 * in full colour.
	 */
	public static ImagePlus overlayPreview(Img<FloatType> image, Img<UnsignedShortType> labels, List<Color> colors) {
		int[] d = Images.dims2or3(image);
		if (!Arrays.equals(d, Images.dims2or3(labels)))
			throw new IllegalArgumentException("image and labels differ in size");
		float[][] pixels = Images.floatPlanes(image);
		short[][] lab = Images.shortPlanes(labels);
		List<Color> palette = Palette.extend(colors, maxLabel(lab) + 1);
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float[] plane : pixels)
			for (float v : plane)
				if (Float.isFinite(v)) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
		double scale = max > min ? 255 / (max - (double) min) : 0;
		ImageStack stack = new ImageStack(d[0], d[1]);
		for (int z = 0; z < d[2]; z++) {
			int[] rgb = new int[d[0] * d[1]];
			for (int y = 0; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++) {
					int i = y * d[0] + x;
					float v = pixels[z][i];
					int gray = Float.isFinite(v) ? (int) Math.round((v - min) * scale) : 0;
					int k = lab[z][i] & 0xffff;
					rgb[i] = k == 0 ? gray << 16 | gray << 8 | gray : blend(gray, palette.get(k), isEdge(lab[z], d[0], d[1], x, y) ? 1 : PREVIEW_ALPHA);
				}
			stack.addSlice(null, new ColorProcessor(d[0], d[1], rgb));
		}
		return new ImagePlus("overlay preview", stack);
	}

	private static int blend(int gray, Color c, double alpha) {
		int r = (int) Math.round((1 - alpha) * gray + alpha * c.getRed());
		int g = (int) Math.round((1 - alpha) * gray + alpha * c.getGreen());
		int b = (int) Math.round((1 - alpha) * gray + alpha * c.getBlue());
		return r << 16 | g << 8 | b;
	}

	private static boolean isEdge(short[] lab, int w, int h, int x, int y) {
		short k = lab[y * w + x];
		return x > 0 && lab[y * w + x - 1] != k || x < w - 1 && lab[y * w + x + 1] != k
			|| y > 0 && lab[(y - 1) * w + x] != k || y < h - 1 && lab[(y + 1) * w + x] != k;
	}

	private static int maxLabel(short[][] planes) {
		int max = 0;
		for (short[] plane : planes)
			for (short v : plane)
				max = Math.max(max, v & 0xffff);
		return max;
	}
}
