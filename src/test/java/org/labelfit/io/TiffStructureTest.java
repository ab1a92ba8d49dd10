package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.labelfit.io.NiftiTest.assertMessage;
import static org.labelfit.io.NiftiTest.values;
import static org.labelfit.io.RawTiff.BITS;
import static org.labelfit.io.RawTiff.COMPRESSION;
import static org.labelfit.io.RawTiff.LONG;
import static org.labelfit.io.RawTiff.SHORT;
import static org.labelfit.io.RawTiff.STRIP_BYTE_COUNTS;
import static org.labelfit.io.RawTiff.STRIP_OFFSETS;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** TIFF files are checked before ImageJ reads them: what ImageJ would loop on or allocate by a lying header is refused. */
class TiffStructureTest {

	/** What ImageJ would loop on must be refused well within this. */
	private static final Duration QUICKLY = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	private static byte[] ramp(int n) {
		byte[] b = new byte[n];
		for (int i = 0; i < n; i++)
			b[i] = (byte) i;
		return b;
	}

	private static void refusedQuickly(String name, String part, Executable read) {
		assertTimeoutPreemptively(QUICKLY, () -> assertMessage(name, part, read));
	}

	@Test
	void readsAValidHandMadeTiffInTwoStrips() throws IOException {
		Path tif = new RawTiff().image(3, 2, 8, new byte[] { 0, 1, 2 }, new byte[] { 3, 4, 5 }).write(dir.resolve("a.tif"));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, values(ImageFiles.read(tif).pixels()));
		RawTiff big = new RawTiff();
		big.order = ByteOrder.BIG_ENDIAN;
		Path mm = big.image(2, 1, 16, new byte[] { 1, 2, 0, 3 }).write(dir.resolve("b.tif"));
		assertArrayEquals(new float[] { 258, 3 }, values(ImageFiles.read(mm).pixels()));
	}

	@Test
	void readsAStackWithSliceLabelsWrittenByImageJ() {
		ImageStack stack = new ImageStack(5, 4);
		for (int z = 0; z < 30; z++) {
			ShortProcessor sp = new ShortProcessor(5, 4);
			sp.set(4, 3, 100 * z);
			stack.addSlice("slice " + z, sp);
		}
		ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(1, 30, 1);
		imp.setProperty("Info", "acquired\nyesterday");
		Path tif = dir.resolve("stack.tif");
		new FileSaver(imp).saveAsTiffStack(tif.toString());
		ImageData d = ImageFiles.read(tif);
		assertArrayEquals(new long[] { 5, 4, 30 }, d.dims());
		assertEquals(2900f, NiftiTest.at(d.pixels(), 4, 3, 29));
	}

	/** TIFFs compressed by another writer (Java's), in several strips, read as ImageJ decodes them. */
	@Test
	void readsCompressedTiffs() throws IOException {
		Random r = new Random(8);
		for (int type : new int[] { BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY }) {
			BufferedImage img = new BufferedImage(300, 90, type);
			int max = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
			float[] expected = new float[300 * 90];
			for (int i = 0; i < expected.length; i++) {
				int v = i % 7 == 0 ? r.nextInt(max + 1) : (i / 300) * max / 90;
				img.getRaster().setSample(i % 300, i / 300, 0, v);
				expected[i] = v;
			}
			for (String compression : new String[] { "LZW", "Deflate", "ZLib", "PackBits" }) {
				Path tif = dir.resolve(compression + type + ".tif");
				ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
				ImageWriteParam p = writer.getDefaultWriteParam();
				p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				p.setCompressionType(compression);
				try (ImageOutputStream out = ImageIO.createImageOutputStream(tif.toFile())) {
					writer.setOutput(out);
					writer.write(null, new IIOImage(img, null, null), p);
				}
				writer.dispose();
				assertArrayEquals(expected, values(ImageFiles.read(tif).pixels()), compression);
			}
		}
	}

	/** Issue 8, row 6: ImageJ's TiffDecoder follows an IFD that links to itself forever. */
	@Test
	void refusesAChainOfImagesThatLoops() throws IOException {
		RawTiff self = new RawTiff().image(2, 1, 8, new byte[2]);
		self.loop = true;
		Path one = self.write(dir.resolve("self.tif"));
		refusedQuickly("self.tif", "its chain of images loops back to offset 10", () -> ImageFiles.read(one));
		RawTiff two = new RawTiff().image(2, 1, 8, new byte[2]).image(2, 1, 8, new byte[2]);
		two.loop = true;
		Path pair = two.write(dir.resolve("pair.tif"));
		refusedQuickly("pair.tif", "loops back", () -> ImageFiles.read(pair));
	}

	/** Issue 8, row 6: 100 M strips took ImageJ minutes. */
	@Test
	void refusesHugeStripCounts() throws IOException {
		Path many = new RawTiff().image(1, 100_000_000, 8, new byte[1])
			.raw(STRIP_OFFSETS, LONG, 100_000_000, 8).raw(STRIP_BYTE_COUNTS, LONG, 100_000_000, 8).write(dir.resolve("many.tif"));
		refusedQuickly("many.tif", "field 273 of image 1 (100000000 values at offset 8) lies outside the file", () -> ImageFiles.read(many));
		try (RandomAccessFile f = new RandomAccessFile(many.toFile(), "rw")) {
			// sparse zeros: now the arrays lie inside the file
			f.setLength(8 + 4L * 100_000_000);
		}
		refusedQuickly("many.tif", "more than 1048576 strips", () -> ImageFiles.read(many));
		Path lying = new RawTiff().image(1, 1000, 8, new byte[1])
			.raw(STRIP_OFFSETS, LONG, 1000, 8).raw(STRIP_BYTE_COUNTS, LONG, 1000, 8).write(dir.resolve("lying.tif"));
		refusedQuickly("lying.tif", "outside the file", () -> ImageFiles.read(lying));
		Path rows = new RawTiff().image(3, 2, 8, new byte[2], new byte[2], new byte[2]).write(dir.resolve("rows.tif"));
		assertMessage("rows.tif", "3 strips for 2 rows", () -> ImageFiles.read(rows));
	}

	@Test
	void refusesStripsPastTheEndOrTooShort() throws IOException {
		Path past = new RawTiff().image(4, 4, 8, new byte[16]).field(STRIP_OFFSETS, LONG, 5000).write(dir.resolve("past.tif"));
		assertMessage("past.tif", "image 1's strip 1 (16 bytes at offset 5000) lies past the end of the file", () -> ImageFiles.read(past));
		Path shortStrip = new RawTiff().image(4, 4, 8, new byte[10]).write(dir.resolve("short.tif"));
		assertMessage("short.tif", "strips hold 10 bytes, too few for its 4 x 4 pixels", () -> ImageFiles.read(shortStrip));
		Path huge = new RawTiff().image(1 << 20, 1 << 20, 8, new byte[16]).write(dir.resolve("huge.tif"));
		assertMessage("huge.tif", "too large", () -> ImageFiles.read(huge));
	}

	/** Issue 8, row 6: ImageJ inflates a deflate strip that ends early forever. */
	@Test
	void refusesDeflateStripsThatWouldNeverFinish() throws IOException {
		byte[] whole = deflate(ramp(64));
		Path cut = new RawTiff().image(8, 8, 8, Arrays.copyOf(whole, 2)).field(COMPRESSION, SHORT, 8).write(dir.resolve("cut.tif"));
		refusedQuickly("cut.tif", "strip 1 is corrupt", () -> ImageFiles.read(cut));
		Path ok = new RawTiff().image(8, 8, 8, whole).field(COMPRESSION, SHORT, 32946).write(dir.resolve("ok.tif"));
		assertArrayEquals(values(ImageFiles.read(new RawTiff().image(8, 8, 8, ramp(64)).write(dir.resolve("raw.tif"))).pixels()),
			values(ImageFiles.read(ok).pixels()));
		// a strip inflating past its rows would make ImageJ decode up to the whole image per strip
		Path longer = new RawTiff().image(8, 4, 8, deflate(ramp(64))).field(COMPRESSION, SHORT, 8).write(dir.resolve("long.tif"));
		assertMessage("long.tif", "decodes to more than the 32 bytes of its rows", () -> ImageFiles.read(longer));
		Path tiny = new RawTiff().image(4000, 4000, 8, new byte[100]).field(COMPRESSION, SHORT, 8).write(dir.resolve("tiny.tif"));
		assertMessage("tiny.tif", "strips hold 100 bytes, too few for its 4000 x 4000 pixels", () -> ImageFiles.read(tiny));
	}

	private static byte[] deflate(byte[] data) {
		Deflater d = new Deflater();
		d.setInput(data);
		d.finish();
		byte[] out = new byte[data.length + 64];
		int n = d.deflate(out);
		d.end();
		return Arrays.copyOf(out, n);
	}

	@Test
	void refusesWhatImageJWouldAllocateByALyingDescription() throws IOException {
		Path many = new RawTiff().image(4, 4, 8, new byte[16]).description("ImageJ=1.54p\nimages=1000000\n").write(dir.resolve("many.tif"));
		assertMessage("many.tif", "declares 1000000 images, more than the 100000", () -> ImageFiles.read(many));
		Path fifty = new RawTiff().image(4, 4, 8, new byte[16]).description("ImageJ=1.54p\nimages=50\n").write(dir.resolve("fifty.tif"));
		assertMessage("fifty.tif", "declares 50 images of 4 x 4, but the file holds only", () -> ImageFiles.read(fifty));
		Path dims = new RawTiff().image(2, 1, 8, new byte[4]).description("ImageJ=1.54p\nimages=2\nchannels=3\n").write(dir.resolve("dims.tif"));
		assertMessage("dims.tif", "declares 3 channels for 2 images", () -> ImageFiles.read(dims));
		Path product = new RawTiff().image(2, 1, 8, new byte[12]).description("ImageJ=1.54p\nimages=6\nslices=2\nframes=2\n")
			.write(dir.resolve("product.tif"));
		assertMessage("product.tif", "channels x slices x frames = 4 images, but it holds 6", () -> ImageFiles.read(product));
		Path six = new RawTiff().image(2, 1, 8, ramp(12)).description("ImageJ=1.54p\nimages=6\nslices=6\n").write(dir.resolve("six.tif"));
		assertArrayEquals(new long[] { 2, 1, 6 }, ImageFiles.read(six).dims());
	}

	@Test
	void refusesWhatImageJCannotReadWithAClearReason() throws IOException {
		RawTiff big = new RawTiff().image(2, 1, 8, new byte[2]);
		big.magic = 43;
		Path bigTiff = big.write(dir.resolve("big.tif"));
		assertMessage("big.tif", "is a BigTIFF, which LabelFit does not read", () -> ImageFiles.read(bigTiff));
		Path tiled = new RawTiff().image(2, 1, 8, new byte[2]).field(322, SHORT, 16).write(dir.resolve("tiled.tif"));
		assertMessage("tiled.tif", "is a tiled TIFF", () -> ImageFiles.read(tiled));
		Path jpeg = new RawTiff().image(2, 1, 8, new byte[2]).field(COMPRESSION, SHORT, 7).write(dir.resolve("jpeg.tif"));
		assertMessage("jpeg.tif", "uses TIFF compression 7", () -> ImageFiles.read(jpeg));
		Path bits = new RawTiff().image(2, 1, 8, new byte[2]).field(BITS, SHORT, 4).write(dir.resolve("bits.tif"));
		assertMessage("bits.tif", "has 4 bits per sample", () -> ImageFiles.read(bits));
		Path empty = Files.write(dir.resolve("empty.tif"), new byte[] { 'I', 'I', 42, 0, 0, 0, 0, 0 });
		assertMessage("empty.tif", "holds no image", () -> ImageFiles.read(empty));
	}

	/** ImageJ allocates every entry its metadata header announces, by lengths from MetaDataByteCounts. */
	@Test
	void refusesLyingImageJMetadata() throws IOException {
		// two pixels, then "IJIJ" and one (type, count) pair, little-endian: 2^30 slice labels
		byte[] strip = { 7, 9, 0x4a, 0x49, 0x4a, 0x49, 0x6c, 0x62, 0x61, 0x6c, 0, 0, 0, 0x40 };
		Path meta = new RawTiff().image(2, 1, 8, strip).field(50838, LONG, 12, 8).raw(50839, RawTiff.BYTE, 12, 10)
			.write(dir.resolve("meta.tif"));
		assertMessage("meta.tif", "its ImageJ metadata declares 1073741824 entries", () -> ImageFiles.read(meta));
		strip[13] = 0;
		strip[10] = 1;
		Path one = new RawTiff().image(2, 1, 8, strip).field(50838, LONG, 12, 100_000).raw(50839, RawTiff.BYTE, 12, 10)
			.write(dir.resolve("one.tif"));
		assertMessage("one.tif", "its ImageJ metadata (100000 bytes) runs past the end", () -> ImageFiles.read(one));
	}

	/** A genuine image too big for the heap gets the heap's message before ImageJ allocates anything. */
	@Test
	void aGenuineImageTooLargeForTheHeapSaysHowMuchItNeeds() throws IOException {
		Path tif = new RawTiff().image(60000, 30000, 8, new byte[1]).field(STRIP_BYTE_COUNTS, LONG, 1_800_000_000L).write(dir.resolve("huge.tif"));
		try (RandomAccessFile f = new RandomAccessFile(tif.toFile(), "rw")) {
			// sparse: the disk holds none of these zeros
			f.setLength(2_000_000_000L);
		}
		assertMessage("huge.tif", "60000 x 30000 x 1 pixels needs 9.0 GB, ", () -> ImageFiles.read(tif));
	}
}
