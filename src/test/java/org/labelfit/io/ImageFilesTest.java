package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.io.NiftiTest.assertMessage;
import static org.labelfit.io.NiftiTest.at;
import static org.labelfit.io.NiftiTest.values;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

	@TempDir
	Path dir;

	private Path save(ImagePlus imp, String name) {
		Path p = dir.resolve(name);
		FileSaver s = new FileSaver(imp);
		boolean ok = name.endsWith(".png") ? s.saveAsPng(p.toString())
			: imp.getStackSize() > 1 ? s.saveAsTiffStack(p.toString()) : s.saveAsTiff(p.toString());
		assertTrue(ok);
		return p;
	}

	@Test
	void readsTiffStackWithCalibration() {
		ImageStack stack = new ImageStack(3, 2);
		for (int z = 0; z < 4; z++) {
			ShortProcessor sp = new ShortProcessor(3, 2);
			sp.set(2, 1, 1000 * z + 60000 / (z + 1));
			stack.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("stack", stack);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.25;
		imp.getCalibration().pixelDepth = 3;
		ImageData d = ImageFiles.read(save(imp, "stack_img.tif"));
		assertEquals("stack_img", d.name());
		assertArrayEquals(new long[] { 3, 2, 4 }, d.dims());
		assertArrayEquals(new double[] { 0.5, 0.25, 3 }, d.spacing(), 1e-9);
		assertEquals(60000f, at(d.pixels(), 2, 1, 0));
		assertEquals(3000f + 15000, at(d.pixels(), 2, 1, 3));
		assertEquals(0f, at(d.pixels(), 1, 1, 3));
	}

	@Test
	void readsPngAndFloatTiff() {
		ByteProcessor bp = new ByteProcessor(4, 3);
		bp.set(3, 2, 255);
		bp.set(1, 0, 128);
		ImageData png = ImageFiles.read(save(new ImagePlus("m", bp), "mask.png"));
		assertArrayEquals(new long[] { 4, 3 }, png.dims());
		assertEquals(255f, at(png.pixels(), 3, 2));
		assertEquals(128f, at(png.pixels(), 1, 0));
		assertArrayEquals(new double[] { 1, 1 }, png.spacing());

		FloatProcessor fp = new FloatProcessor(2, 2, new float[] { -1.5f, 0, 2.25f, 1e6f });
		assertArrayEquals(new float[] { -1.5f, 0, 2.25f, 1e6f },
			values(ImageFiles.read(save(new ImagePlus("f", fp), "f.tiff")).pixels()));
	}

	@Test
	void refusesColorAndMultichannel() {
		Path rgb = save(new ImagePlus("rgb", new ColorProcessor(4, 4)), "image.png");
		assertMessage("image.png", "is an RGB image; LabelFit needs a single-channel (grayscale) image",
			() -> ImageFiles.read(rgb));
		ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ByteProcessor(2, 2));
		stack.addSlice(new ByteProcessor(2, 2));
		ImagePlus two = new ImagePlus("two", stack);
		two.setDimensions(2, 1, 1);
		Path channels = save(two, "two.tif");
		assertMessage("two.tif", "2 channels", () -> ImageFiles.read(channels));
	}

	/** An image ImageJ opened already is checked against the heap before LabelFit copies it. */
	@Test
	void toImageDataChecksTheHeapFirst() {
		ByteProcessor slice = new ByteProcessor(2000, 2000);
		// 500 views of one slice: ImageJ holds 4 MB, a float copy would need 8 GB
		VirtualStack stack = new VirtualStack(2000, 2000, null, null) {
			@Override
			public int getSize() {
				return 500;
			}

			@Override
			public ImageProcessor getProcessor(int n) {
				return slice;
			}
		};
		ImagePlus imp = new ImagePlus("big", stack);
		assertMessage("big", "2000 x 2000 x 500 voxels needs 8.0 GB, ", () -> ImageFiles.toImageData(imp, "big"));
	}

	@Test
	void readsNpy() throws IOException {
		ImageData d = ImageFiles.read(npy("a.npy", "<f4", "(2, 3)", 4, b -> {
			for (int i = 0; i < 6; i++)
				b.putFloat(i * 0.5f);
		}));
		// C order (H=2, W=3): element [y][x] sits at x + 3y
		assertArrayEquals(new long[] { 3, 2 }, d.dims());
		assertEquals(2.5f, at(d.pixels(), 2, 1));
		assertEquals(0.5f, at(d.pixels(), 1, 0));

		ImageData u8 = ImageFiles.read(npy("b.npy", "|u1", "(2, 1, 2)", 1, b -> b.put(new byte[] { 0, 1, (byte) 200, 3 })));
		assertArrayEquals(new long[] { 2, 1, 2 }, u8.dims());
		assertEquals(200f, at(u8.pixels(), 0, 0, 1));

		ImageData i64 = ImageFiles.read(npy("c.npy", "<i8", "(1, 2)", 8, b -> b.putLong(-7).putLong(1L << 40)));
		assertArrayEquals(new float[] { -7, (float) (1L << 40) }, values(i64.pixels()));
		ImageData f64 = ImageFiles.read(npy("d.npy", "<f8", "(1, 2)", 8, b -> b.putDouble(0.125).putDouble(-3)));
		assertArrayEquals(new float[] { 0.125f, -3 }, values(f64.pixels()));
		ImageData i32 = ImageFiles.read(npy("e.npy", "<i4", "(1, 1)", 4, b -> b.putInt(-40000)));
		assertArrayEquals(new float[] { -40000 }, values(i32.pixels()));

		Path c16 = npy("c16.npy", "<c16", "(1, 1)", 16, b -> {});
		assertMessage("c16.npy", "<c16", () -> ImageFiles.read(c16));
		Path oneD = npy("v.npy", "<f4", "(4,)", 4, b -> {});
		assertMessage("v.npy", "shape", () -> ImageFiles.read(oneD));
		Path cut = npy("cut.npy", "<f4", "(4, 4)", 4, b -> b.putFloat(1));
		assertMessage("cut.npy", "truncated", () -> ImageFiles.read(cut));
	}

	/** A version-1 .npy with the given dtype, shape and little-endian payload. */
	private Path npy(String name, String descr, String shape, int bytes, java.util.function.Consumer<ByteBuffer> fill)
		throws IOException
	{
		byte[] header = RawNpy.header(descr, shape);
		ByteBuffer b = ByteBuffer.allocate(header.length + 64 * bytes).order(ByteOrder.LITTLE_ENDIAN);
		b.put(header);
		fill.accept(b);
		byte[] all = new byte[b.position()];
		b.flip().get(all);
		return Files.write(dir.resolve(name), all);
	}

	@Test
	void refusesBadInputs() throws IOException {
		assertMessage("gone.tif", "not found", () -> ImageFiles.read(dir.resolve("gone.tif")));
		Path folder = Files.createDirectory(dir.resolve("sub.tif"));
		assertMessage("sub.tif", "folder", () -> ImageFiles.read(folder));
		Path doc = Files.writeString(dir.resolve("notes.txt"), "x");
		assertMessage("notes.txt", "unsupported extension", () -> ImageFiles.read(doc));
		Path junk = Files.write(dir.resolve("junk.png"), new byte[] { 1, 2, 3, 4, 5 });
		assertMessage("junk.png", "cannot read", () -> ImageFiles.read(junk));
		Path junkNpy = Files.write(dir.resolve("junk.npy"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 });
		assertMessage("junk.npy", "not a NumPy", () -> ImageFiles.read(junkNpy));
	}

	@Test
	void baseNames() {
		assertEquals("p1_img", ImageFiles.baseName(Paths.get("/d/p1_img.nii.gz")));
		assertEquals("p1.v2", ImageFiles.baseName(Paths.get("p1.v2.TIF")));
		assertEquals("notes", ImageFiles.baseName(Paths.get("notes.txt")));
		assertTrue(ImageFiles.isSupported(Paths.get("a.NII.GZ")));
		assertFalse(ImageFiles.isSupported(Paths.get("a.gz")));
	}

	private static ImageData like2D() {
		return new ImageData(ArrayImgs.floats(3, 2), new double[] { 0.5, 2 }, null, "like");
	}

	@Test
	void writesLabelsAsTiffPngAndNifti() {
		Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(new short[] { 0, 1, 2, 3, 0, (short) 300 }, 3, 2);
		ImageFiles.writeLabels(dir.resolve("l.tif"), labels, like2D());
		ImageData tif = ImageFiles.read(dir.resolve("l.tif"));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 0, 300 }, values(tif.pixels()));
		assertArrayEquals(new double[] { 0.5, 2 }, tif.spacing(), 1e-9);

		ImageFiles.writeLabels(dir.resolve("l.nii"), labels, like2D());
		ImageData nii = ImageFiles.read(dir.resolve("l.nii"));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 0, 300 }, values(nii.pixels()));
		assertArrayEquals(new double[] { 0.5, 2 }, nii.spacing(), 1e-6);

		assertMessage("l.png", "255", () -> ImageFiles.writeLabels(dir.resolve("l.png"), labels, like2D()));
		Img<UnsignedShortType> small = ArrayImgs.unsignedShorts(new short[] { 0, 1, 2, 3, 0, 255 }, 3, 2);
		ImageFiles.writeLabels(dir.resolve("l.png"), small, like2D());
		assertArrayEquals(new float[] { 0, 1, 2, 3, 0, 255 }, values(ImageFiles.read(dir.resolve("l.png")).pixels()));

		Img<UnsignedShortType> volume = ArrayImgs.unsignedShorts(new short[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2);
		ImageData like3D = new ImageData(ArrayImgs.floats(2, 2, 2), new double[] { 1, 1, 4 }, null, "v");
		ImageFiles.writeLabels(dir.resolve("v.tiff"), volume, like3D);
		ImageData stack = ImageFiles.read(dir.resolve("v.tiff"));
		assertArrayEquals(new long[] { 2, 2, 2 }, stack.dims());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, values(stack.pixels()));
		assertEquals(4, stack.spacing()[2], 1e-9);
		assertMessage("v.png", "3D", () -> ImageFiles.writeLabels(dir.resolve("v.png"), volume, like3D));
		assertMessage("w.tif", "2 x 2 x 2", () -> ImageFiles.writeLabels(dir.resolve("w.tif"), volume, like2D()));
		assertMessage("l.jpg", ".tif", () -> ImageFiles.writeLabels(dir.resolve("l.jpg"), small, like2D()));
	}

	@Test
	void refusesMissingFolderAndLeavesNothing() throws IOException {
		Img<UnsignedShortType> labels = ArrayImgs.unsignedShorts(3, 2);
		for (String name : new String[] { "x.tif", "x.png", "x.nii.gz" }) {
			Path out = dir.resolve("missing").resolve(name);
			assertMessage(name, "does not exist", () -> ImageFiles.writeLabels(out, labels, like2D()));
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.count());
		}
	}

	@Test
	void writeImageKeepsTitleAndRefusesPngStacks() throws IOException {
		ImagePlus imp = new ImagePlus("overlay of p1", new ColorProcessor(5, 4));
		ImageFiles.writeImage(dir.resolve("p1_overlay.png"), imp);
		assertEquals("overlay of p1", imp.getTitle());
		assertTrue(Files.size(dir.resolve("p1_overlay.png")) > 0);
		// replacing an existing file works and leaves no temporary files
		ImageFiles.writeImage(dir.resolve("p1_overlay.png"), imp);
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(1, files.count());
		}
		ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ByteProcessor(2, 2));
		stack.addSlice(new ByteProcessor(2, 2));
		assertMessage("s.png", "stack", () -> ImageFiles.writeImage(dir.resolve("s.png"), new ImagePlus("s", stack)));
	}
}
