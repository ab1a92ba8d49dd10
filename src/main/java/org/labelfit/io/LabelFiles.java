package org.labelfit.io;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.image.LabelImages;

/** Label outputs as every method writes them: label images with LUT, names and overlay. */
public final class LabelFiles {

	private LabelFiles() {}

	/** The label image a user sees: 16-bit, categorical LUT, class names, calibrated for a grid {@code scale}× finer than the image's. */
	public static ImagePlus labelImage(Img<UnsignedShortType> labels, List<String> classNames, List<Color> colors, String title,
		double[] spacing, double scale)
	{
		Calibration cal = new Calibration();
		cal.pixelWidth = spacing[0] / scale;
		cal.pixelHeight = spacing[1] / scale;
		if (spacing.length > 2) cal.pixelDepth = spacing[2] / scale;
		return LabelImages.labelImage(labels, classNames, colors, title, cal);
	}

	/** Writes labels of {@code image}: NIfTI with the image's geometry, else a label TIFF with LUT, class names and overlay. */
	public static void write(Path out, Img<UnsignedShortType> labels, ImageData image, List<String> classNames, List<Color> colors,
		double scale)
	{
		if (OutputFiles.isNifti(out)) ImageFiles.writeLabels(out, labels, image);
		else {
			ImagePlus imp = labelImage(labels, classNames, colors, ImageFiles.baseName(out), image.spacing(), scale);
			imp.setOverlay(LabelImages.overlay(labels, classNames, colors));
			ImageFiles.writeImage(out, imp);
		}
	}

	/**
	 * With {@code overlays}, writes {@code <input>_overlay.png} beside {@code output} for a 2D image (a preview of the
	 * labels on the image). Batch workers call it before writing the label file, which marks the item complete.
	 */
	public static void writeOverlay(boolean overlays, Path input, Path output, ImageData image, Img<UnsignedShortType> labels, List<Color> colors) {
		if (!overlays || labels.numDimensions() != 2) return;
		Path png = output.resolveSibling(ImageFiles.baseName(input) + "_overlay.png");
		ImageFiles.writeImage(png, LabelImages.overlayPreview(image.pixels(), labels, colors));
	}
}
