package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Arrow;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;

import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;

/**
 * ROIs to label planes, dense (UniverSeg: outside is background) and sparse (Pix2Rep: outside is unlabelled, lines count
 * as their stroke): pixel counts, set names and numbering, slice positions, where the ROIs come from.
 */
class RoiLabelsTest {

	private static RoiLabels dense(List<ImagePlus> images, Roi[] roiManager) {
		return RoiLabels.of(images, roiManager, RoiLabels.Outside.BACKGROUND);
	}

	private static RoiLabels sparse(ImagePlus image) {
		return RoiLabels.of(List.of(image), new Roi[0], RoiLabels.Outside.UNLABELLED);
	}

	private static Roi line(Roi roi, String name, double width) {
		roi.setStrokeWidth(width);
		return named(roi, name);
	}

	/** Scribbles as a Labkit user draws them, and ROIs that are not labels. */
	private static ImagePlus scribbled() {
		Roi prediction = named(new Roi(50, 50, 10, 10), "CSF z=1");
		prediction.setProperty(LabelOutput.ROI_PROPERTY, "CSF");
		TextRoi note = new TextRoi(0, 60, "note");
		return image("scribbles", 1, named(new Roi(5, 5, 10, 8), "cell-0001"),
			// a 5-pixel brush along y = 40 from x = 10 to 30, and a 1-pixel line along y = 50
			line(new Line(10, 40, 30, 40), "Background", 5), line(new Line(10, 50, 30, 50), "membrane", 1),
			// a freehand stroke of width 3 through x = 40..60 at y = 20
			line(new PolygonRoi(new float[] { 40, 50, 60 }, new float[] { 20, 20, 20 }, Roi.FREELINE), "membrane 2", 3),
			new PointRoi(3, 60), new Arrow(30, 60, 40, 60), note, prediction);
	}

	/** The pixels of {@code plane} with {@code label} within the rectangle [x0, x1) × [y0, y1). */
	private static int countIn(short[] plane, int label, int x0, int y0, int x1, int y1) {
		int n = 0;
		for (int y = y0; y < y1; y++)
			for (int x = x0; x < x1; x++) if (plane[y * 64 + x] == label) n++;
		return n;
	}

	private static ImagePlus image(String title, int slices, Roi... rois) {
		ImagePlus imp = IJ.createImage(title, "8-bit black", 64, 64, slices);
		if (rois.length > 0) imp.setOverlay(new Overlay());
		for (Roi roi : rois) imp.getOverlay().add(roi);
		return imp;
	}

	private static Roi named(Roi roi, String name) {
		roi.setName(name);
		return roi;
	}

	private static int count(short[] plane, int label) {
		int n = 0;
		for (short v : plane) if (v == label) n++;
		return n;
	}

	/** Pixels whose centre lies inside the ellipse inscribed in (x, y, w, h): ImageJ's rule for ovals. */
	private static int ovalPixels(int x, int y, int w, int h) {
		double cx = x + w / 2.0, cy = y + h / 2.0;
		int n = 0;
		for (int py = 0; py < 64; py++)
			for (int px = 0; px < 64; px++) {
				double dx = (px + 0.5 - cx) / (w / 2.0), dy = (py + 0.5 - cy) / (h / 2.0);
				if (dx * dx + dy * dy < 1) n++;
			}
		return n;
	}

	@Test
	void rectangleAndOvalGiveTheirPixelCounts() {
		RoiLabels s = dense(List.of(image("a", 1, named(new Roi(5, 5, 10, 8), "cell-0001"), named(new OvalRoi(30, 30, 20, 14),
			"cell 2"), named(new Roi(40, 2, 6, 6), "membrane_5"))), new Roi[0]);
		assertEquals(List.of("background", "cell", "membrane"), s.classNames());
		short[] plane = s.labelPlanes().get(0)[0];
		assertEquals(224, ovalPixels(30, 30, 20, 14));
		assertEquals(10 * 8 + 224, count(plane, 1));
		assertEquals(36, count(plane, 2));
		assertEquals(64 * 64 - 80 - 224 - 36, count(plane, 0));
	}

	@Test
	void setNames() {
		assertEquals("nucleus", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "nucleus-0012")));
		assertEquals("nucleus", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "nucleus 3")));
		assertEquals("nucleus", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "nucleus_5")));
		assertEquals("CSF", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "CSF z=3")), "LabelFit's own class ROIs");
		assertEquals("CD4", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "CD4")), "digits without a separator are part of the name");
		assertEquals("foreground", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "0001-0023-0045")), "ImageJ's automatic name");
		assertEquals("foreground", RoiLabels.setName(new Roi(0, 0, 1, 1)));
		assertEquals("background", RoiLabels.setName(named(new Roi(0, 0, 1, 1), "Background-0003")), "label 0, in any case");
		String groups = Roi.getGroupNames();
		try {
			Roi.setGroupName(3, "nuclei");
			Roi grouped = named(new Roi(0, 0, 1, 1), "cell-0001");
			grouped.setGroup(3);
			assertEquals("nuclei", RoiLabels.setName(grouped), "the group wins over the name");
			grouped.setGroup(7);
			assertEquals("group 7", RoiLabels.setName(grouped));
		}
		finally {
			Roi.setGroupNames(groups);
		}
	}

	@Test
	void setsAreNumberedAlphabeticallyAcrossImagesAndLaterSetsWin() {
		RoiLabels s = dense(List.of(image("a", 1, named(new Roi(0, 0, 10, 10), "b"), named(new Roi(5, 5, 10, 10), "A")),
			image("b", 1, named(new Roi(0, 0, 4, 4), "c"))), new Roi[0]);
		assertEquals(List.of("background", "A", "b", "c"), s.classNames());
		short[] a = s.labelPlanes().get(0)[0];
		assertEquals(100 - 25, count(a, 1), "A loses the overlap to b, numbered later");
		assertEquals(100, count(a, 2));
		assertEquals(16, count(s.labelPlanes().get(1)[0], 3));
	}

	@Test
	void slicePositions() {
		Roi second = named(new Roi(0, 0, 4, 4), "x");
		second.setPosition(2);
		Roi everywhere = named(new Roi(10, 10, 2, 2), "x");
		Roi third = named(new Roi(20, 20, 3, 3), "x");
		third.setPosition(1, 3, 1);
		short[][] planes = dense(List.of(image("stack", 3, second, everywhere, third)), new Roi[0]).labelPlanes().get(0);
		assertArrayEquals(new int[] { 4, 4 + 16, 4 + 9 }, new int[] { count(planes[0], 1), count(planes[1], 1), count(planes[2], 1) });

		Roi beyond = named(new Roi(0, 0, 4, 4), "x");
		beyond.setPosition(5);
		String error = assertThrows(LabelFitException.class, () -> dense(List.of(image("stack", 3, beyond)), new Roi[0]))
			.getMessage();
		assertEquals("ROI 'x' of stack is on slice 5 of 3", error);
	}

	@Test
	void roiManagerOnlyForASingleImageWithoutOverlay() {
		Roi[] manager = { named(new Roi(0, 0, 5, 5), "managed") };
		RoiLabels s = dense(List.of(image("a", 1)), manager);
		assertEquals(List.of("background", "managed"), s.classNames());
		assertEquals(25, count(s.labelPlanes().get(0)[0], 1));
		String error = assertThrows(LabelFitException.class, () -> dense(List.of(image("a", 1, named(new Roi(0, 0, 2, 2), "x")),
			image("b", 1)), manager)).getMessage();
		assertTrue(error.startsWith("b has no area ROIs"), error);
	}

	@Test
	void noAreaRois() {
		ImagePlus annotated = image("notes", 1, new Line(0, 0, 10, 10), new TextRoi(2, 2, "note"));
		String error = assertThrows(LabelFitException.class, () -> dense(List.of(annotated), new Roi[0])).getMessage();
		assertTrue(error.startsWith("notes has no area ROIs"), error);
		error = assertThrows(LabelFitException.class, () -> dense(List.of(image("empty", 1)), new Roi[0])).getMessage();
		assertTrue(error.contains("or to the ROI Manager"), error);
	}

	@Test
	void sparseScribblesLabelTheirStrokesAndLeaveTheRestUnlabelled() {
		RoiLabels s = sparse(scribbled());
		assertEquals(List.of("background", "cell", "membrane"), s.classNames(), "'Background' is label 0; the prediction is no class");
		short[] plane = s.labelPlanes().get(0)[0];
		assertEquals(List.of(10 * 8, 10 * 8), List.of(count(plane, 1), countIn(plane, 1, 5, 5, 15, 13)), "the rectangle");
		assertEquals(List.of(20 * 5, 20 * 5), List.of(count(plane, 0), countIn(plane, 0, 10, 37, 30, 43)),
			"a straight line of length 20 and width 5 labels its 20 × 5 stroke");
		// the 1-pixel line gives 20 pixels; ImageJ draws the freehand stroke through both end pixels: 21 × 3
		assertEquals(List.of(20 + 21 * 3, 20, 21 * 3), List.of(count(plane, 2), countIn(plane, 2, 10, 49, 30, 51), countIn(plane, 2, 40, 18, 61, 23)));
		assertEquals(64 * 64 - 80 - 100 - 83, count(plane, RoiLabels.UNLABELLED), "everything else, the prediction's pixels too");
	}

	@Test
	void denseMasksKeepAreaRoisOnly() {
		RoiLabels s = dense(List.of(scribbled()), new Roi[0]);
		assertEquals(List.of("background", "cell", "CSF"), s.classNames(), "lines left out; LabelFit's outlines are a set");
		short[] plane = s.labelPlanes().get(0)[0];
		assertEquals(80, count(plane, 1));
		assertEquals(100, count(plane, 2));
		assertEquals(64 * 64 - 180, count(plane, 0));
	}

	@Test
	void sparseLabelsOnSlicesAndOverlaps() {
		Roi second = line(new Line(0, 10, 20, 10), "nucleus", 3);
		second.setPosition(2);
		Roi bg = named(new Roi(0, 0, 10, 20), "background");
		bg.setPosition(2);
		short[][] planes = sparse(image("stack", 3, second, bg)).labelPlanes().get(0);
		assertEquals(64 * 64, count(planes[0], RoiLabels.UNLABELLED), "slice 1 has no scribbles");
		assertEquals(20 * 3, count(planes[1], 1), "nucleus, numbered after background, wins where they cross");
		assertEquals(10 * 20 - 10 * 3, count(planes[1], 0));
		assertEquals(64 * 64, count(planes[2], RoiLabels.UNLABELLED));
		String error = assertThrows(LabelFitException.class, () -> sparse(image("notes", 1, new TextRoi(2, 2, "note"), new PointRoi(3, 3))))
			.getMessage();
		assertTrue(error.startsWith("notes has no ROIs to learn from: add outlines or line scribbles to its overlay"), error);
	}
}
