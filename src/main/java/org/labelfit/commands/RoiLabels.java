package org.labelfit.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.gui.Arrow;
import ij.gui.ImageRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ShortProcessor;

import org.labelfit.LabelFitException;

/**
 * Label planes from ROIs drawn on open images, one implementation for every command that learns from outlines:
 * UniverSeg's supports ({@link Outside#BACKGROUND}: a pixel outside every ROI is background, label 0) and Pix2Rep's
 * sparse labels ({@link Outside#UNLABELLED}: a pixel outside every ROI is {@link #UNLABELLED}, ignored by the loss).
 * <p>
 * The same rules in both modes: the ROIs are grouped into named sets, one label each: the ROI group's name where the
 * ROI has a group, else the ROI name without ImageJ's numeric suffixes ("nucleus-0012" and "nucleus 3" are both
 * "nucleus"), and "foreground" for unnamed ROIs and ImageJ's automatic names ("0001-0023-0045"). A set named
 * "background" (any case) is label 0; the other sets are numbered 1..n in alphabetical order. Where ROIs of different
 * sets overlap, the later set wins. A ROI bound to a stack slice labels that slice only, otherwise every slice.
 * <p>
 * Which ROIs count: area ROIs in both modes. Sparse labels are scribbles, so there line ROIs (straight, segmented,
 * freehand) count too, each as its stroke: the area ImageJ's {@link Roi#convertLineToArea} gives, as wide as the
 * line's width (one pixel for width 0 or 1), so a straight line of length L and width W labels L × W pixels; a
 * Labkit-style brush stroke is a freehand line with a width. Dense masks would make a line a sliver of foreground in a
 * sea of background, so UniverSeg leaves lines out. Points, text, arrows and image ROIs label nothing; in sparse mode
 * neither do the class outlines a LabelFit segmentation added ({@link LabelOutput#ROI_PROPERTY}): they are
 * predictions, and retraining on them would teach the model its own mistakes.
 *
 * @param classNames names by label value: "background", then the other sets
 * @param labelPlanes per image, its label planes (one per stack slice, x fastest); in sparse mode {@link #UNLABELLED}
 *        where no ROI is
 */
public record RoiLabels(List<String> classNames, List<short[][]> labelPlanes) {

	/** The value of a pixel no ROI labels, in sparse mode: -1 as a signed short (65535 read unsigned). */
	public static final short UNLABELLED = -1;

	/** What a pixel outside every ROI is. */
	public enum Outside {
		/** Background, label 0: dense masks (UniverSeg supports). */
		BACKGROUND,
		/** {@link #UNLABELLED}: sparse labels (Pix2Rep); lines count as their stroke. */
		UNLABELLED
	}

	static final String UNNAMED = "foreground", BACKGROUND = "background";
	/** Separator-led runs of digits at the end of a name, e.g. "-0012", " 3", "_5", " z=3" (LabelFit's slice suffix). */
	private static final Pattern NUMERIC_SUFFIX = Pattern.compile("(?:[\\s_-]+(?:z=)?\\d+)+$");
	private static final Comparator<String> ALPHABETICAL = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

	/**
	 * The labels of {@code images} from the ROIs on their overlays; a single image without an overlay (or with an empty
	 * one) uses {@code roiManager}'s ROIs. Fails naming the image that has no ROIs that count.
	 */
	public static RoiLabels of(List<ImagePlus> images, Roi[] roiManager, Outside outside) {
		if (images.isEmpty()) throw new LabelFitException("no images with ROIs were given");
		List<List<Roi>> rois = new ArrayList<>();
		TreeSet<String> names = new TreeSet<>(ALPHABETICAL);
		for (ImagePlus imp : images) {
			List<Roi> own = labelling(imp.getOverlay() == null ? new Roi[0] : imp.getOverlay().toArray(), outside);
			if (images.size() == 1 && (imp.getOverlay() == null || imp.getOverlay().size() == 0)) own = labelling(roiManager, outside);
			if (own.isEmpty())
				throw new LabelFitException(imp.getTitle() + " has no " + (outside == Outside.BACKGROUND ? "area ROIs: add outlines" :
					"ROIs to learn from: add outlines or line scribbles") + " to its overlay (Image>Overlay>Add Selection)" +
					(images.size() == 1 ? " or to the ROI Manager" : ""));
			for (Roi roi : own) if (!setName(roi).equals(BACKGROUND)) names.add(setName(roi));
			rois.add(own);
		}
		Map<String, Integer> label = new TreeMap<>(ALPHABETICAL);
		label.put(BACKGROUND, 0);
		List<String> classNames = new ArrayList<>(List.of(BACKGROUND));
		for (String name : names) {
			label.put(name, classNames.size());
			classNames.add(name);
		}
		List<short[][]> planes = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) planes.add(planes(images.get(i), rois.get(i), label, outside));
		return new RoiLabels(classNames, planes);
	}

	/** The ROIs that label pixels in this mode. */
	private static List<Roi> labelling(Roi[] rois, Outside outside) {
		List<Roi> out = new ArrayList<>();
		for (Roi roi : rois) {
			if (roi == null || roi instanceof TextRoi || roi instanceof ImageRoi || roi instanceof Arrow) continue;
			if (outside == Outside.BACKGROUND ? roi.isArea() : (roi.isArea() || roi.isLine()) && roi.getProperty(LabelOutput.ROI_PROPERTY) == null)
				out.add(roi);
		}
		return out;
	}

	/** Fills each ROI with its set's label on its slice (every slice for ROIs without one), sets in label order. */
	private static short[][] planes(ImagePlus imp, List<Roi> rois, Map<String, Integer> label, Outside outside) {
		int w = imp.getWidth(), h = imp.getHeight(), depth = imp.getStackSize();
		short[][] planes = new short[depth][w * h];
		if (outside == Outside.UNLABELLED) for (short[] p : planes) Arrays.fill(p, UNLABELLED);
		List<Roi> ordered = new ArrayList<>(rois);
		ordered.sort(Comparator.comparing(roi -> label.get(setName(roi))));
		for (Roi roi : ordered) {
			int slice = slice(roi, imp);
			if (slice > depth)
				throw new LabelFitException("ROI '" + roi.getName() + "' of " + imp.getTitle() + " is on slice " + slice + " of " + depth);
			Roi area = roi.isLine() ? Roi.convertLineToArea(roi) : roi;
			for (int z = slice == 0 ? 0 : slice - 1; z < (slice == 0 ? depth : slice); z++) {
				ShortProcessor ip = new ShortProcessor(w, h, planes[z], null);
				ip.setValue(label.get(setName(roi)));
				ip.fill(area);
			}
		}
		return planes;
	}

	/** The name of the set {@code roi} belongs to (see the class description); any case of "background" is "background". */
	static String setName(Roi roi) {
		String name;
		if (roi.getGroup() > 0) {
			String group = Roi.getGroupName(roi.getGroup());
			name = group == null || group.isBlank() ? "group " + roi.getGroup() : group.trim();
		}
		else {
			name = roi.getName() == null ? "" : NUMERIC_SUFFIX.matcher(roi.getName().trim()).replaceFirst("");
			if (name.isBlank() || name.matches("[\\d\\s_-]*")) name = UNNAMED;
		}
		return name.equalsIgnoreCase(BACKGROUND) ? BACKGROUND : name;
	}

	/**
	 * The 1-based stack slice {@code roi} is bound to on {@code imp}, 0 for all slices: the z (or, in a time series,
	 * the t) of a hyperstack position, else the plain stack position.
	 */
	static int slice(Roi roi, ImagePlus imp) {
		if (!roi.hasHyperStackPosition()) return roi.getPosition();
		if (imp.getNSlices() > 1) return roi.getZPosition();
		return imp.getNFrames() > 1 ? roi.getTPosition() : 0;
	}
}
