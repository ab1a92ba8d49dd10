package org.labelfit.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class LabelImagesTest {

	private static final List<String> NAMES = List.of("background", "CSF", "GM", "WM");
	private static final int W = 20, H = 16;

	/** Label 1: a 6×5 rectangle; label 3: a disc of radius 4; label 2 absent. */
	private static short[] drawing() {
		short[] s = new short[W * H];
		for (int y = 2; y < 7; y++)
			for (int x = 1; x < 7; x++)
				s[y * W + x] = 1;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				if ((x - 13) * (x - 13) + (y - 9) * (y - 9) <= 16)
					s[y * W + x] = 3;
		return s;
	}

	private static int count(short[] s, int k) {
		int n = 0;
		for (short v : s)
			n += v == k ? 1 : 0;
		return n;
	}

	@Test
	void defaultColorsAreDistinctAndStartBlack() {
		List<Color> c = LabelImages.defaultColors(256);
		assertEquals(256, c.size());
		assertEquals(Color.BLACK, c.get(0));
		assertEquals(256, new HashSet<>(c).size());
		assertEquals(c.subList(0, 5), LabelImages.defaultColors(5));
	}

	@Test
	void labelImageHasOneToOneLutAndClassNames() {
		List<Color> colors = List.of(Color.BLACK, Color.RED, Color.GREEN, Color.BLUE);
		Img<UnsignedShortType> labels = Images.labelImg(List.of(drawing()), W, H);
		ImagePlus imp = LabelImages.labelImage(labels, NAMES, colors, "seg", null);
		assertEquals(16, imp.getBitDepth());
		assertEquals(0, imp.getDisplayRangeMin());
		assertEquals(255, imp.getDisplayRangeMax());
		IndexColorModel lut = imp.getProcessor().getLut();
		for (int k = 0; k < 4; k++)
			assertEquals(colors.get(k).getRGB(), lut.getRGB(k));
		for (int k = 0; k < 4; k++)
			assertTrue(lut.getRGB(4) != colors.get(k).getRGB(), "generated colours differ from the given ones");
		assertEquals("background,CSF,GM,WM", imp.getProp(LabelImages.CLASSES_PROPERTY));
		assertTrue(imp.getInfoProperty().contains("3 = WM"));
		// What ImageJ displays: label k is drawn in colour k.
		ImageProcessor rgb = imp.getProcessor().convertToRGB();
		assertEquals(Color.RED.getRGB() & 0xffffff, rgb.get(2, 3) & 0xffffff);
		assertEquals(Color.BLUE.getRGB() & 0xffffff, rgb.get(13, 9) & 0xffffff);
		assertThrows(LabelFitException.class, () -> LabelImages.labelImage(labels, List.of("a,b"), colors, "x", null));
	}

	@Test
	void overlayHasOneNamedRoiPerPresentClass() {
		short[] s = drawing();
		List<Color> colors = List.of(Color.BLACK, Color.RED, Color.GREEN, Color.BLUE);
		Overlay overlay = LabelImages.overlay(Images.labelImg(List.of(s), W, H), NAMES, colors);
		assertEquals(2, overlay.size());
		Roi csf = overlay.get(0), wm = overlay.get(1);
		assertEquals("CSF", csf.getName());
		assertEquals("WM", wm.getName());
		assertEquals(Color.RED, csf.getStrokeColor());
		assertEquals(Color.BLUE, wm.getStrokeColor());
		assertEquals(0, csf.getPosition());
		assertEquals(30, csf.getContainedPoints().length);
		assertEquals(count(s, 3), wm.getContainedPoints().length);
		for (Point p : wm.getContainedPoints())
			assertEquals(3, s[p.y * W + p.x]);
	}

	@Test
	void stackOverlayBindsRoisToSlices() {
		short[] a = new short[W * H], b = drawing();
		a[5] = 1;
		a[6] = 1;
		Overlay overlay = LabelImages.overlay(Images.labelImg(List.of(a, b), W, H), NAMES, LabelImages.defaultColors(4));
		assertEquals(3, overlay.size());
		assertEquals("CSF z=1", overlay.get(0).getName());
		assertEquals(1, overlay.get(0).getPosition());
		assertEquals(2, overlay.get(0).getContainedPoints().length);
		assertEquals("CSF z=2", overlay.get(1).getName());
		assertEquals("WM z=2", overlay.get(2).getName());
		assertEquals(2, overlay.get(2).getPosition());
		assertEquals(LabelImages.defaultColors(4).get(3), overlay.get(2).getStrokeColor());
	}

	@Test
	void overlayAndPropertiesSurviveTiff(@TempDir Path dir) {
		Img<UnsignedShortType> labels = Images.labelImg(List.of(new short[W * H], drawing()), W, H);
		ImagePlus imp = LabelImages.labelImage(labels, NAMES, LabelImages.defaultColors(4), "seg", null);
		imp.setOverlay(LabelImages.overlay(labels, NAMES, LabelImages.defaultColors(4)));
		String file = dir.resolve("seg.tif").toString();
		assertTrue(new FileSaver(imp).saveAsTiffStack(file));
		ImagePlus back = IJ.openImage(file);
		assertNotNull(back);
		assertEquals(16, back.getBitDepth());
		assertEquals(2, back.getStackSize());
		Overlay o = back.getOverlay();
		assertNotNull(o);
		assertEquals(2, o.size());
		assertEquals("CSF z=2", o.get(0).getName());
		assertEquals("WM z=2", o.get(1).getName());
		assertEquals(2, o.get(1).getPosition());
		assertEquals("background,CSF,GM,WM", back.getProp(LabelImages.CLASSES_PROPERTY));
		assertEquals(LabelImages.defaultColors(4).get(3).getRGB(), back.getProcessor().getLut().getRGB(3));
		assertEquals(255, back.getDisplayRangeMax());
	}

	@Test
	void roiManagerExportIsSkippedHeadless() {
		assumeTrue(GraphicsEnvironment.isHeadless());
		assertFalse(LabelImages.exportToRoiManager(new Overlay()));
	}

	@Test
	void previewBlendsClassColoursOverGray() {
		float[] pixels = new float[W * H];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = i % W < 10 ? 0 : 1;
		Img<FloatType> image = Images.floatImg(List.of(pixels), W, H);
		List<Color> colors = List.of(Color.BLACK, Color.RED, Color.GREEN, Color.BLUE);
		ImagePlus preview = LabelImages.overlayPreview(image, Images.labelImg(List.of(drawing()), W, H), colors);
		assertEquals(ImagePlus.COLOR_RGB, preview.getType());
		ImageProcessor ip = preview.getProcessor();
		// Interior of the rectangle on black: 40 % red.
		assertEquals(new Color(102, 0, 0).getRGB() & 0xffffff, ip.get(3, 4) & 0xffffff);
		// Disc centre on white: 60 % white + 40 % blue.
		assertEquals(new Color(153, 153, 255).getRGB() & 0xffffff, ip.get(13, 9) & 0xffffff);
		// Outline in full colour, background in gray.
		assertEquals(Color.RED.getRGB() & 0xffffff, ip.get(1, 2) & 0xffffff);
		assertEquals(0xffffff, ip.get(19, 0) & 0xffffff);
		assertEquals(0, ip.get(0, 15) & 0xffffff);
	}
}
