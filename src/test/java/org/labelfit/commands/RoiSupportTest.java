package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;

import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;

/** ROIs to label masks: pixel counts, set names and numbering, slice positions, where the ROIs come from. */
class RoiSupportTest {

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
		RoiSupport s = RoiSupport.of(List.of(image("a", 1, named(new Roi(5, 5, 10, 8), "cell-0001"), named(new OvalRoi(30, 30, 20, 14),
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
		assertEquals("nucleus", RoiSupport.setName(named(new Roi(0, 0, 1, 1), "nucleus-0012")));
		assertEquals("nucleus", RoiSupport.setName(named(new Roi(0, 0, 1, 1), "nucleus 3")));
		assertEquals("nucleus", RoiSupport.setName(named(new Roi(0, 0, 1, 1), "nucleus_5")));
		assertEquals("CSF", RoiSupport.setName(named(new Roi(0, 0, 1, 1), "CSF z=3")), "LabelFit's own class ROIs");
		assertEquals("CD4", RoiSupport.setName(named(new Roi(0, 0, 1, 1), "CD4")), "digits without a separator are part of the name");
		assertEquals("foreground", RoiSupport.setName(named(new Roi(0, 0, 1, 1), "0001-0023-0045")), "ImageJ's automatic name");
		assertEquals("foreground", RoiSupport.setName(new Roi(0, 0, 1, 1)));
		String groups = Roi.getGroupNames();
		try {
			Roi.setGroupName(3, "nuclei");
			Roi grouped = named(new Roi(0, 0, 1, 1), "cell-0001");
			grouped.setGroup(3);
			assertEquals("nuclei", RoiSupport.setName(grouped), "the group wins over the name");
			grouped.setGroup(7);
			assertEquals("group 7", RoiSupport.setName(grouped));
		}
		finally {
			Roi.setGroupNames(groups);
		}
	}

	@Test
	void setsAreNumberedAlphabeticallyAcrossImagesAndLaterSetsWin() {
		RoiSupport s = RoiSupport.of(List.of(image("a", 1, named(new Roi(0, 0, 10, 10), "b"), named(new Roi(5, 5, 10, 10), "A")),
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
		short[][] planes = RoiSupport.of(List.of(image("stack", 3, second, everywhere, third)), new Roi[0]).labelPlanes().get(0);
		assertArrayEquals(new int[] { 4, 4 + 16, 4 + 9 }, new int[] { count(planes[0], 1), count(planes[1], 1), count(planes[2], 1) });

		Roi beyond = named(new Roi(0, 0, 4, 4), "x");
		beyond.setPosition(5);
		String error = assertThrows(LabelFitException.class, () -> RoiSupport.of(List.of(image("stack", 3, beyond)), new Roi[0]))
			.getMessage();
		assertEquals("ROI 'x' of stack is on slice 5 of 3", error);
	}

	@Test
	void roiManagerOnlyForASingleImageWithoutOverlay() {
		Roi[] manager = { named(new Roi(0, 0, 5, 5), "managed") };
		RoiSupport s = RoiSupport.of(List.of(image("a", 1)), manager);
		assertEquals(List.of("background", "managed"), s.classNames());
		assertEquals(25, count(s.labelPlanes().get(0)[0], 1));
		String error = assertThrows(LabelFitException.class, () -> RoiSupport.of(List.of(image("a", 1, named(new Roi(0, 0, 2, 2), "x")),
			image("b", 1)), manager)).getMessage();
		assertTrue(error.startsWith("b has no area ROIs"), error);
	}

	@Test
	void noAreaRois() {
		ImagePlus annotated = image("notes", 1, new Line(0, 0, 10, 10), new TextRoi(2, 2, "note"));
		String error = assertThrows(LabelFitException.class, () -> RoiSupport.of(List.of(annotated), new Roi[0])).getMessage();
		assertTrue(error.startsWith("notes has no area ROIs"), error);
		error = assertThrows(LabelFitException.class, () -> RoiSupport.of(List.of(image("empty", 1)), new Roi[0])).getMessage();
		assertTrue(error.contains("or to the ROI Manager"), error);
	}
}
