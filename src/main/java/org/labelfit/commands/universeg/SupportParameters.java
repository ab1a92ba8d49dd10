package org.labelfit.commands.universeg;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;

import org.labelfit.LabelFitException;
import org.labelfit.commands.RoiSupport;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.train.Progress;
import org.labelfit.universeg.SupportSet;

/**
 * Where the labelled examples of "UniverSeg Segment" come from: image and label files paired by name ("folders"), two
 * open stacks paired slice by slice ("stacks"), or ROIs outlined on open images ("rois", see {@link RoiSupport}).
 *
 * @param source "folders", "stacks" or "rois"
 * @param images with folders: folder or glob of support images; {@code labels} likewise for their label images
 * @param imageStack with stacks: title of the open image stack; {@code labelStack} the title of its label stack
 * @param roiImages with rois: titles of open images, separated by commas
 */
public record SupportParameters(String source, String images, String labels, String imageSuffix, String labelSuffix, String imageStack,
	String labelStack, String roiImages)
{

	/**
	 * A support set and the names of its labels by value; null names where the labels have none (files and label stacks
	 * carry numbers only).
	 */
	record Support(SupportSet set, List<String> classNames, List<ImagePlus> openImages) {}

	/** Reads, converts or outlines the support onto the model's {@code size} grid. */
	Support build(int size, Progress progress) {
		return switch (source == null ? "" : source) {
			case "folders" -> folders(size, progress);
			case "stacks" -> stacks(size);
			case "rois" -> rois(size);
			default -> throw new LabelFitException("unknown support '" + source + "'; use folders, stacks or rois");
		};
	}

	private Support folders(int size, Progress progress) {
		if (blank(images) || blank(labels))
			throw new LabelFitException("support=folders needs support_images= and support_labels= (folders or globs, paired by name)");
		return new Support(SupportSet.fromFiles(images, labels, imageSuffix, labelSuffix, size, progress), null, List.of());
	}

	private Support stacks(int size) {
		if (blank(imageStack) || blank(labelStack))
			throw new LabelFitException("support=stacks needs image_stack= and label_stack= (titles of open images)");
		ImagePlus image = open(imageStack, "image_stack"), label = open(labelStack, "label_stack");
		if (image.getStackSize() != label.getStackSize())
			throw new LabelFitException("image_stack " + imageStack + " has " + image.getStackSize() + " slices but label_stack " +
				labelStack + " has " + label.getStackSize() + "; they are paired slice by slice");
		if (image.getWidth() != label.getWidth() || image.getHeight() != label.getHeight())
			throw new LabelFitException("image_stack " + imageStack + " is " + image.getWidth() + "×" + image.getHeight() +
				" but label_stack " + labelStack + " is " + label.getWidth() + "×" + label.getHeight());
		short[][] planes = ImageFiles.toImageData(label, labelStack).labelPlanes();
		ImageData data = ImageFiles.toImageData(image, imageStack);
		return new Support(SupportSet.fromImages(List.of(data), List.<short[][]>of(planes), size), null, List.of(image, label));
	}

	private Support rois(int size) {
		if (blank(roiImages))
			throw new LabelFitException("support=rois needs roi_images= (titles of open images with ROIs, comma-separated)");
		List<ImagePlus> open = new ArrayList<>();
		for (String title : roiImages.split(",")) if (!title.isBlank()) open.add(open(title.trim(), "roi_images"));
		RoiSupport rois = RoiSupport.of(open, roiManagerRois());
		List<ImageData> data = new ArrayList<>();
		for (ImagePlus imp : open) data.add(ImageFiles.toImageData(imp, imp.getTitle()));
		return new Support(SupportSet.fromImages(data, rois.labelPlanes(), size), rois.classNames(), open);
	}

	/** The ROI Manager's ROIs; none without a display, where ImageJ has no ROI Manager. */
	private static Roi[] roiManagerRois() {
		RoiManager rm = GraphicsEnvironment.isHeadless() ? null : RoiManager.getInstance();
		return rm == null ? new Roi[0] : rm.getRoisAsArray();
	}

	private static ImagePlus open(String title, String key) {
		ImagePlus imp = WindowManager.getImage(title);
		if (imp == null) {
			String[] titles = WindowManager.getImageTitles();
			throw new LabelFitException(key + ": no open image is titled '" + title + "'" +
				(titles.length == 0 ? "" : " (open: " + String.join(", ", Arrays.asList(titles)) + ")"));
		}
		return imp;
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}
}
