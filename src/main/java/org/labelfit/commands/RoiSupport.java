package org.labelfit.commands;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ShortProcessor;

import org.labelfit.LabelFitException;

/**
 * Label masks from ROIs drawn on open images, so that a UniverSeg support can be outlined in Fiji instead of painted
 * as label images. The ROIs are grouped into named sets, one label each: the ROI group's name where the ROI has a
 * group, else the ROI name without ImageJ's numeric suffixes ("nucleus-0012" and "nucleus 3" are both "nucleus"),
 * and "foreground" for unnamed ROIs and ImageJ's automatic names ("0001-0023-0045"). Sets are numbered 1..n in
 * alphabetical order; where ROIs of different sets overlap, the later set wins. Lines, points, text and image ROIs
 * outline nothing and are left out.
 *
 * @param classNames names by label value: "background", then the sets
 * @param labelPlanes per image, its label planes (one per stack slice, x fastest)
 */
public record RoiSupport(List<String> classNames, List<short[][]> labelPlanes) {

	static final String UNNAMED = "foreground";
	/** Separator-led runs of digits at the end of a name, e.g. "-0012", " 3", "_5", " z=3" (LabelFit's slice suffix). */
	private static final Pattern NUMERIC_SUFFIX = Pattern.compile("(?:[\\s_-]+(?:z=)?\\d+)+$");
	private static final Comparator<String> ALPHABETICAL = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

	/**
	 * The masks of {@code images} from the ROIs on their overlays; a single image without an overlay (or with an empty
	 * one) uses {@code roiManager}'s ROIs. Fails naming the image that has no ROIs.
	 */
	public static RoiSupport of(List<ImagePlus> images, Roi[] roiManager) {
		if (images.isEmpty()) throw new LabelFitException("no support images with ROIs were given");
		List<List<Roi>> rois = new ArrayList<>();
		TreeSet<String> names = new TreeSet<>(ALPHABETICAL);
		for (ImagePlus imp : images) {
			List<Roi> own = areaRois(imp.getOverlay() == null ? new Roi[0] : imp.getOverlay().toArray());
			if (images.size() == 1 && (imp.getOverlay() == null || imp.getOverlay().size() == 0)) own = areaRois(roiManager);
			if (own.isEmpty())
				throw new LabelFitException(imp.getTitle() + " has no area ROIs: add outlines to its overlay (Image>Overlay>Add Selection)" +
					(images.size() == 1 ? " or to the ROI Manager" : ""));
			for (Roi roi : own) names.add(setName(roi));
			rois.add(own);
		}
		Map<String, Integer> label = new TreeMap<>(ALPHABETICAL);
		List<String> classNames = new ArrayList<>(List.of("background"));
		for (String name : names) {
			label.put(name, classNames.size());
			classNames.add(name);
		}
		List<short[][]> planes = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) planes.add(masks(images.get(i), rois.get(i), label));
		return new RoiSupport(classNames, planes);
	}

	private static List<Roi> areaRois(Roi[] rois) {
		List<Roi> out = new ArrayList<>();
		for (Roi roi : rois)
			if (roi != null && roi.isArea() && !(roi instanceof TextRoi) && !(roi instanceof ImageRoi)) out.add(roi);
		return out;
	}

	/** Fills each ROI with its set's label on its slice (every slice for ROIs without one), sets in label order. */
	private static short[][] masks(ImagePlus imp, List<Roi> rois, Map<String, Integer> label) {
		int w = imp.getWidth(), h = imp.getHeight(), depth = imp.getStackSize();
		short[][] planes = new short[depth][w * h];
		List<Roi> ordered = new ArrayList<>(rois);
		ordered.sort(Comparator.comparing(roi -> label.get(setName(roi))));
		for (Roi roi : ordered) {
			int slice = slice(roi, imp);
			if (slice > depth)
				throw new LabelFitException("ROI '" + roi.getName() + "' of " + imp.getTitle() + " is on slice " + slice + " of " + depth);
			for (int z = slice == 0 ? 0 : slice - 1; z < (slice == 0 ? depth : slice); z++) {
				ShortProcessor ip = new ShortProcessor(w, h, planes[z], null);
				ip.setValue(label.get(setName(roi)));
				ip.fill(roi);
			}
		}
		return planes;
	}

	/** The name of the set {@code roi} belongs to (see the class description). */
	static String setName(Roi roi) {
		if (roi.getGroup() > 0) {
			String group = Roi.getGroupName(roi.getGroup());
			return group == null || group.isBlank() ? "group " + roi.getGroup() : group.trim();
		}
		String name = roi.getName() == null ? "" : NUMERIC_SUFFIX.matcher(roi.getName().trim()).replaceFirst("");
		return name.isBlank() || name.matches("[\\d\\s_-]*") ? UNNAMED : name;
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
