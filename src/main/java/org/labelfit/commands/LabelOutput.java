package org.labelfit.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;

import org.labelfit.image.LabelImages;
import org.labelfit.train.Progress;

/** What every labelling command gives in Fiji besides the label image: its title, and class ROIs on the input's overlay and in the ROI Manager. */
public final class LabelOutput {

	/** Marks the overlay ROIs LabelFit adds, so that labelling again replaces them and keeps the user's own. */
	public static final String ROI_PROPERTY = "LabelFit.class";

	private LabelOutput() {}

	/** "brain.tif" gives "brain_labels". */
	public static String labelTitle(String title) {
		String base = title == null || title.isBlank() ? "image" : title;
		int dot = base.lastIndexOf('.');
		if (dot > 0 && base.length() - dot <= 5) base = base.substring(0, dot);
		return base + "_labels";
	}

	/**
	 * Marks {@code classes} as LabelFit's ROIs and puts them on the input's overlay, replacing the ones of an earlier run
	 * and keeping the user's own, and into the ROI Manager, as asked.
	 */
	public static void addClassRois(ImagePlus input, Overlay classes, boolean addOverlay, boolean roiManager, Progress progress) {
		for (Roi roi : classes.toArray()) roi.setProperty(ROI_PROPERTY, roi.getName());
		if (addOverlay) replaceClassRois(input, classes);
		if (roiManager && !LabelImages.exportToRoiManager(classes)) progress.log("LabelFit: no ROI Manager without a display");
	}

	/** Logs the files a command wrote in file mode and lists them one a line, its output. */
	public static String written(List<Path> files) {
		files.forEach(f -> IJ.log("LabelFit: wrote " + f));
		return files.stream().map(Path::toString).collect(Collectors.joining("\n"));
	}

	private static void replaceClassRois(ImagePlus input, Overlay classes) {
		Overlay overlay = input.getOverlay() == null ? new Overlay() : input.getOverlay();
		for (Roi roi : overlay.toArray())
			if (roi.getProperty(ROI_PROPERTY) != null) overlay.remove(roi);
		for (Roi roi : classes.toArray()) overlay.add(roi);
		input.setOverlay(overlay);
	}
}
