package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

import org.labelfit.LabelFitException;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;

/**
 * Labelled examples from open images, as every command that learns from examples in Fiji takes them, under the same
 * macro keys: an image stack and its label stack paired slice by slice ({@code image_stack}, {@code label_stack}), or
 * ROIs drawn on open images ({@code roi_images}, see {@link RoiLabels}). Files paired by name go to the method's own
 * file reader instead.
 *
 * @param images the images, converted
 * @param labels per image, its label planes (one per slice, x fastest): a label stack's values, or {@link RoiLabels}'
 * @param classNames names by label value; null where the labels carry numbers only (label stacks)
 * @param openImages the open images read
 */
public record LabelledImages(List<ImageData> images, List<short[][]> labels, List<String> classNames, List<ImagePlus> openImages) {

	/** The open stacks titled {@code imageStack} and {@code labelStack}; fails unless they have the same size and slices. */
	public static LabelledImages stacks(String imageStack, String labelStack) {
		ImagePlus image = open(imageStack, "image_stack"), label = open(labelStack, "label_stack");
		if (image.getStackSize() != label.getStackSize())
			throw new LabelFitException("image_stack " + imageStack + " has " + image.getStackSize() + " slices but label_stack " +
				labelStack + " has " + label.getStackSize() + "; they are paired slice by slice");
		if (image.getWidth() != label.getWidth() || image.getHeight() != label.getHeight())
			throw new LabelFitException("image_stack " + imageStack + " is " + image.getWidth() + "×" + image.getHeight() +
				" but label_stack " + labelStack + " is " + label.getWidth() + "×" + label.getHeight());
		short[][] planes = ImageFiles.toImageData(label, labelStack).labelPlanes();
		return new LabelledImages(List.of(ImageFiles.toImageData(image, imageStack)), List.<short[][]>of(planes), null, List.of(image, label));
	}

	/** The open images of {@code roiImages} (titles separated by commas) labelled by their ROIs. */
	public static LabelledImages rois(String roiImages, RoiLabels.Outside outside) {
		List<ImagePlus> open = new ArrayList<>();
		for (String title : roiImages.split(",")) if (!title.isBlank()) open.add(open(title.trim(), "roi_images"));
		RoiLabels rois = RoiLabels.of(open, roiManagerRois(), outside);
		List<ImageData> data = new ArrayList<>();
		for (ImagePlus imp : open) data.add(ImageFiles.toImageData(imp, imp.getTitle()));
		return new LabelledImages(data, rois.labelPlanes(), rois.classNames(), open);
	}

	/** The ROI Manager's ROIs; none without a display, where ImageJ has no ROI Manager. */
	private static Roi[] roiManagerRois() {
		RoiManager rm = GraphicsEnvironment.isHeadless() ? null : RoiManager.getInstance();
		return rm == null ? new Roi[0] : rm.getRoisAsArray();
	}

	/** The open image titled {@code title}; fails naming the macro {@code key} and the open images. */
	public static ImagePlus open(String title, String key) {
		ImagePlus imp = WindowManager.getImage(title);
		if (imp == null) {
			String[] titles = WindowManager.getImageTitles();
			throw new LabelFitException(key + ": no open image is titled '" + title + "'" +
				(titles.length == 0 ? "" : " (open: " + String.join(", ", Arrays.asList(titles)) + ")"));
		}
		return imp;
	}
}
