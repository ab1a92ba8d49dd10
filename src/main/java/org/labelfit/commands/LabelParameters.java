package org.labelfit.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.metaseg.MetaSeg;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.train.Progress;

/**
 * The options of "MetaSeg Fit and Label", shared by {@link MetaSegLabelCommand} and {@link MetaSegLabelPlugin}, and
 * the calls into {@link MetaSeg}: an open image is labelled in memory, or, when {@code inputPath} is given, files
 * are labelled into {@code output} ({@link MetaSeg#labelFiles}).
 *
 * @param fitSteps fitting steps; 0 for the model's T
 * @param scale output grid relative to the input (1: the input's own grid)
 * @param addOverlay on an open image: one ROI per class and slice on its overlay; in file mode: a PNG preview per
 *        2D input
 * @param roiManager also add the class ROIs to the ROI Manager (not headless)
 * @param inputPath file, folder or glob to label from disk instead of an open image; blank for none
 * @param output label file (single input) or folder, in file mode
 */
public record LabelParameters(File model, int fitSteps, double scale, String device, boolean addOverlay, boolean roiManager,
	String inputPath, File output, boolean overwrite)
{

	/** Marks the overlay ROIs LabelFit adds, so that labelling again replaces them and keeps the user's own. */
	static final String ROI_PROPERTY = "LabelFit.class";

	public boolean fileMode() {
		return inputPath != null && !inputPath.isBlank();
	}

	/**
	 * Labels an open image: returns the 16-bit label image (categorical LUT, class names) and, as asked, puts the
	 * class ROIs on the input's overlay and into the ROI Manager. The input changes only after labelling succeeded.
	 */
	public ImagePlus label(ImagePlus input, Progress progress) {
		if (input == null) throw new LabelFitException("no image is open; open one or give input_path=");
		MetaSegModel m = load();
		ImageData data = ImageFiles.toImageData(input, input.getTitle());
		Img<UnsignedShortType> labels = MetaSeg.label(m, data, fitSteps, scale, device, progress);
		ImagePlus result = MetaSeg.labelImage(m, labels, labelTitle(input.getTitle()), data.spacing(), scale);
		Calibration cal = result.getCalibration();
		cal.setUnit(input.getCalibration().getUnit());
		boolean overlay = addOverlay && scale == 1;
		if (addOverlay && !overlay) progress.log("LabelFit: no overlay on " + input.getTitle() + ": scale " + scale + " labels another grid");
		if (overlay || roiManager)
			addClassRois(input, LabelImages.overlay(labels, m.classNames(), MetaSeg.colors(m)), overlay, roiManager, progress);
		return result;
	}

	/** Labels the files of {@link #inputPath()} into {@link #output()}; returns the files written. */
	public List<Path> labelFiles(Progress progress) {
		if (output == null || output.getPath().isBlank())
			throw new LabelFitException("output= is required with input_path=: a label file, or a folder for several inputs");
		checkOptions();
		return MetaSeg.labelFiles(model.toPath(), inputPath, output.toPath(), fitSteps, scale, addOverlay, overwrite, device, progress);
	}

	private MetaSegModel load() {
		checkOptions();
		return MetaSegModelFile.load(model.toPath());
	}

	private void checkOptions() {
		if (model == null || model.getPath().isBlank()) throw new LabelFitException("model= is required: a MetaSeg model file (.labelfit)");
		if (fitSteps < 0) throw new LabelFitException("fit_steps must be 0 (the model's own) or more, got " + fitSteps);
	}

	/** "brain.tif" gives "brain_labels". */
	static String labelTitle(String title) {
		String base = title == null || title.isBlank() ? "image" : title;
		int dot = base.lastIndexOf('.');
		if (dot > 0 && base.length() - dot <= 5) base = base.substring(0, dot);
		return base + "_labels";
	}

	/**
	 * Marks {@code classes} as LabelFit's ROIs and puts them on the input's overlay, replacing the ones of an earlier run
	 * and keeping the user's own, and into the ROI Manager, as asked.
	 */
	static void addClassRois(ImagePlus input, Overlay classes, boolean addOverlay, boolean roiManager, Progress progress) {
		for (Roi roi : classes.toArray()) roi.setProperty(ROI_PROPERTY, roi.getName());
		if (addOverlay) replaceClassRois(input, classes);
		if (roiManager && !LabelImages.exportToRoiManager(classes)) progress.log("LabelFit: no ROI Manager without a display");
	}

	private static void replaceClassRois(ImagePlus input, Overlay classes) {
		Overlay overlay = input.getOverlay() == null ? new Overlay() : input.getOverlay();
		for (Roi roi : overlay.toArray())
			if (roi.getProperty(ROI_PROPERTY) != null) overlay.remove(roi);
		for (Roi roi : classes.toArray()) overlay.add(roi);
		input.setOverlay(overlay);
	}
}
