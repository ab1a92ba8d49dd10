package org.labelfit.commands.universeg;

import java.util.List;

import ij.ImagePlus;

import org.labelfit.LabelFitException;
import org.labelfit.commands.LabelledImages;
import org.labelfit.commands.RoiLabels;
import org.labelfit.train.Progress;
import org.labelfit.universeg.SupportSet;

/**
 * Where the labelled examples of "UniverSeg Segment" come from: image and label files paired by name ("folders"), two
 * open stacks paired slice by slice ("stacks"), or ROIs outlined on open images ("rois": {@link RoiLabels}, outside
 * every ROI is background); the open images are read by {@link LabelledImages}.
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
		return support(LabelledImages.stacks(imageStack, labelStack), size);
	}

	private Support rois(int size) {
		if (blank(roiImages))
			throw new LabelFitException("support=rois needs roi_images= (titles of open images with ROIs, comma-separated)");
		return support(LabelledImages.rois(roiImages, RoiLabels.Outside.BACKGROUND), size);
	}

	private static Support support(LabelledImages examples, int size) {
		return new Support(SupportSet.fromImages(examples.images(), examples.labels(), size), examples.classNames(), examples.openImages());
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}
}
