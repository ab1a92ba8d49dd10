package org.labelfit.commands.pix2rep;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;

import org.labelfit.LabelFitException;
import org.labelfit.commands.LabelledImages;
import org.labelfit.commands.RoiLabels;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepFeatureCache;
import org.labelfit.pix2rep.Pix2RepHeadTrainer;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepPreprocessing;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * "Pix2Rep Train Head" in Fiji: where the labels come from, and the call into {@link Pix2Rep#trainHead}. Labels come
 * from image and label files paired by name ("files"), an open image stack and its label stack ("stacks"), or ROIs
 * and line scribbles on open images ("rois", {@link RoiLabels} in sparse mode: pixels outside every ROI are ignored).
 * Open images are trained on through the session's {@link Pix2RepFeatureCache}, so a probe retrained after adding
 * scribbles reuses the frozen backbone's features.
 *
 * @param labelsFrom "files", "stacks" or "rois"
 * @param head the core request, with the images and labels named for the provenance as given here
 * @param crop blank for the pretrained model's, "selection" for the rectangular selection on the (first) open image
 *        trained on, else X,Y,W,H in pixels or percentages
 * @param interpolation "default" (the pretrained model's), "bilinear" or "nearest"
 */
record Pix2RepTrainHeadRequest(String labelsFrom, String imageFiles, String labelFiles, String imageSuffix, String labelSuffix,
	String imageStack, String labelStack, String roiImages, String crop, String interpolation, Pix2RepHeadTrainer.Request head, File model,
	boolean overwrite)
{

	static final String SELECTION = "selection", DEFAULT = "default";

	/** Trains and saves the model; the labels and options are checked before training starts. */
	Pix2RepModel train(Progress progress, LossHistory history) {
		return switch (labelsFrom == null ? "" : labelsFrom) {
			case "files" -> files(progress, history);
			case "stacks" -> {
				if (blank(imageStack) || blank(labelStack))
					throw new LabelFitException("labels_from=stacks needs image_stack= and label_stack= (titles of open images)");
				yield open(LabelledImages.stacks(imageStack, labelStack), "open image " + imageStack, "open label stack " + labelStack, progress,
					history);
			}
			case "rois" -> {
				if (blank(roiImages))
					throw new LabelFitException("labels_from=rois needs roi_images= (titles of open images with ROIs or scribbles, comma-separated)");
				yield open(LabelledImages.rois(roiImages, RoiLabels.Outside.UNLABELLED), "open images " + roiImages, "ROIs on " + roiImages,
					progress, history);
			}
			default -> throw new LabelFitException("unknown labels_from '" + labelsFrom + "'; use files, stacks or rois");
		};
	}

	private Pix2RepModel files(Progress progress, LossHistory history) {
		if (blank(imageFiles) || blank(labelFiles))
			throw new LabelFitException("labels_from=files needs image_files= and label_files= (files, folders or globs, paired by name)");
		if (SELECTION.equalsIgnoreCase(crop.trim()))
			throw new LabelFitException("crop=selection needs an open image (labels_from=stacks or rois); give files a crop X,Y,W,H");
		return Pix2Rep.trainHead(request(imageFiles, labelFiles, Pix2RepPreprocessing.Crop.parse(crop), null), model.toPath(), overwrite,
			progress, history);
	}

	private Pix2RepModel open(LabelledImages examples, String images, String labels, Progress progress, LossHistory history) {
		Pix2RepPreprocessing.Crop window = SELECTION.equalsIgnoreCase(crop.trim()) ? selection(examples.openImages().get(0))
			: Pix2RepPreprocessing.Crop.parse(crop);
		return Pix2Rep.trainHead(request(images, labels, window, examples.classNames()), examples.images(), examples.labels(), Pix2RepFeatureCache.session(), model.toPath(), overwrite, progress,
			history);
	}

	/** The rectangular selection on {@code imp} as a crop in pixels. */
	static Pix2RepPreprocessing.Crop selection(ImagePlus imp) {
		Roi roi = imp.getRoi();
		if (roi == null || roi.getType() != Roi.RECTANGLE || roi.getCornerDiameter() > 0)
			throw new LabelFitException("crop=selection: " + imp.getTitle() + " has no rectangular selection" +
				(roi == null ? "" : " (its selection is a " + roi.getTypeAsString().toLowerCase() + ")") + "; draw a rectangle around the region");
		java.awt.Rectangle b = roi.getBounds();
		return new Pix2RepPreprocessing.Crop(Integer.toString(b.x), Integer.toString(b.y), Integer.toString(b.width), Integer.toString(b.height));
	}

	/**
	 * The core request for these images and labels (names for the provenance), with the crop {@code window} (null:
	 * none asked for) and the class names the ROIs gave (null: none), which names the user gave replace; with more
	 * classes than ROI sets the defaults, so that the missing class is what the error names.
	 */
	private Pix2RepHeadTrainer.Request request(String images, String labels, Pix2RepPreprocessing.Crop window, List<String> roiNames) {
		Pix2RepHeadTrainer.Request h = head;
		Pix2RepPreprocessing pre = window == null && DEFAULT.equals(interpolation) ? null
			: new Pix2RepPreprocessing(h.size(), DEFAULT.equals(interpolation) ? null : Pix2RepPreprocessing.Interpolation.of(interpolation), window);
		return new Pix2RepHeadTrainer.Request(h.pretrained(), images, labels, orNull(imageSuffix), orNull(labelSuffix), h.mode(), h.fromScratch(),
			h.width(), h.features(), h.size(), h.epochs(), h.batch(), h.classes(),
			h.classNames() != null || roiNames == null || h.classes() > 0 && h.classes() != roiNames.size() ? h.classNames() : roiNames, h.ignoreLabel(), h.headLearningRate(), h.backboneLearningRate(), pre, h.seed(),
			h.device(), h.command(), h.meanTeacher(), h.intensityAugmentation());
	}

	/** "a, b,c" as [a, b, c]; blank gives null (the default names). */
	static List<String> names(String classNames) {
		if (blank(classNames)) return null;
		return Arrays.stream(classNames.split(",")).map(String::trim).toList();
	}

	private static String orNull(String s) {
		return blank(s) ? null : s;
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}
}
