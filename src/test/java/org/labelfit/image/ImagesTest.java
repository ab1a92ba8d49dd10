package org.labelfit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class ImagesTest {

	@Test
	void wrapsFloatImagesWithoutCopying() {
		float[] pixels = { 1, 2, 3, 4, 5, 6 };
		Img<FloatType> img = Images.toFloatImg(new ImagePlus("f", new FloatProcessor(3, 2, pixels)));
		assertEquals(2, img.numDimensions());
		assertEquals(3, img.dimension(0));
		assertSame(pixels, Images.floatPlanes(img)[0]);
		var ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 1 });
		assertEquals(6f, ra.get().get());
	}

	@Test
	void converts8And16BitStacks() {
		ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ShortProcessor(2, 2, new short[] { 0, 1, (short) 40000, 3 }, null));
		stack.addSlice(new ShortProcessor(2, 2, new short[] { 4, 5, 6, 7 }, null));
		Img<FloatType> img = Images.toFloatImg(new ImagePlus("s", stack));
		assertEquals(3, img.numDimensions());
		assertEquals(2, img.dimension(2));
		assertArrayEquals(new float[] { 0, 1, 40000, 3 }, Images.floatPlanes(img)[0]);
		assertArrayEquals(new float[] { 4, 5, 6, 7 }, Images.floatPlanes(img)[1]);

		ByteProcessor bp = new ByteProcessor(2, 2, new byte[] { 0, 10, (byte) 200, (byte) 255 });
		assertArrayEquals(new float[] { 0, 10, 200, 255 }, Images.floatPlanes(Images.toFloatImg(new ImagePlus("b", bp)))[0]);
	}

	@Test
	void appliesCalibrationFunction() {
		ImagePlus imp = new ImagePlus("signed", new ShortProcessor(2, 2, new short[] { 0, (short) 32768, (short) 32770, 1 }, null));
		imp.getCalibration().setSigned16BitCalibration();
		assertArrayEquals(new float[] { -32768, 0, 2, -32767 }, Images.floatPlanes(Images.toFloatImg(imp))[0]);
	}

	@Test
	void refusesColourAndHyperstacks() {
		var rgb = assertThrows(LabelFitException.class, () -> Images.toFloatImg(new ImagePlus("blobs.gif", new ColorProcessor(4, 4))));
		assertEquals("'blobs.gif' is an RGB image; LabelFit needs a single-channel (grayscale) image", rgb.getMessage());

		ImageStack stack = new ImageStack(4, 4);
		stack.addSlice(new FloatProcessor(4, 4));
		stack.addSlice(new FloatProcessor(4, 4));
		ImagePlus channels = new ImagePlus("two", stack);
		channels.setDimensions(2, 1, 1);
		assertThrows(LabelFitException.class, () -> Images.toFloatImg(channels));
		ImagePlus frames = new ImagePlus("time", stack);
		frames.setDimensions(1, 1, 2);
		var e = assertThrows(LabelFitException.class, () -> Images.toFloatImg(frames));
		assertEquals("'time' has 2 time frames; LabelFit needs a single time point", e.getMessage());
	}

	@Test
	void refusesTinyImages() {
		var e = assertThrows(LabelFitException.class, () -> Images.toFloatImg(new ImagePlus("dot", new FloatProcessor(1, 1))));
		assertEquals("image is 1×1; LabelFit needs at least 2×2 pixels", e.getMessage());
		assertThrows(LabelFitException.class, () -> Images.requireMinSize(ArrayImgs.floats(5, 1)));
		Images.requireMinSize(ArrayImgs.floats(2, 2));
	}

	@Test
	void validatesValues() {
		Img<FloatType> img = ArrayImgs.floats(new float[] { 1, Float.NaN, 2, 3 }, 2, 2);
		var e = assertThrows(LabelFitException.class, () -> Images.requireFinite(img));
		assertEquals("image contains NaN or infinite values", e.getMessage());
		assertThrows(LabelFitException.class, () -> Images.requireFinite(ArrayImgs.floats(new float[] { Float.POSITIVE_INFINITY, 0, 0, 0 }, 2, 2)));
		assertThrows(LabelFitException.class, () -> Images.requireNotConstant(ArrayImgs.floats(new float[] { 7, 7, 7, 7 }, 2, 2)));
		Images.requireNotConstant(ArrayImgs.floats(new float[] { 7, 7, 7, 8 }, 2, 2));
	}

	@Test
	void imagePlusSharesLabelAndFloatArrays() {
		short[] a = { 0, 1, 2, 3 }, b = { 4, 5, 6, 7 };
		Img<UnsignedShortType> labels = Images.labelImg(List.of(a, b), 2, 2);
		ImagePlus imp = Images.labelsToImagePlus(labels, "labels");
		assertEquals(16, imp.getBitDepth());
		assertEquals(2, imp.getStackSize());
		assertSame(a, imp.getStack().getPixels(1));
		assertSame(b, imp.getStack().getPixels(2));

		float[] f = { 0, 0.5f, 1, 2 };
		ImagePlus fimp = Images.floatToImagePlus(Images.floatImg(List.of(f), 2, 2), "f");
		assertEquals(32, fimp.getBitDepth());
		assertSame(f, fimp.getProcessor().getPixels());
	}

	@Test
	void copiesNonPlanarImagesInXFastestOrder() {
		float[] data = { 0, 1, 2, 3, 4, 5, 6, 7 };
		float[][] planes = Images.floatPlanes(ArrayImgs.floats(data, 2, 2, 2));
		assertArrayEquals(new float[] { 0, 1, 2, 3 }, planes[0]);
		assertArrayEquals(new float[] { 4, 5, 6, 7 }, planes[1]);
		ImagePlus imp = Images.labelsToImagePlus(ArrayImgs.unsignedShorts(new short[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2), "l");
		assertEquals(8, imp.getStack().getProcessor(2).get(1, 1));
	}

	@Test
	void readsLabelImages() {
		ByteProcessor bp = new ByteProcessor(2, 2, new byte[] { 0, 1, 2, (byte) 255 });
		assertArrayEquals(new short[] { 0, 1, 2, 255 }, Images.shortPlanes(Images.toLabelImg(new ImagePlus("l", bp)))[0]);
		FloatProcessor fp = new FloatProcessor(2, 2, new float[] { 0, 1, 2, 3 });
		assertArrayEquals(new short[] { 0, 1, 2, 3 }, Images.shortPlanes(Images.toLabelImg(new ImagePlus("l", fp)))[0]);
		FloatProcessor bad = new FloatProcessor(2, 2, new float[] { 0, 1.5f, 2, 3 });
		assertThrows(LabelFitException.class, () -> Images.toLabelImg(new ImagePlus("p", bad)));
	}
}
