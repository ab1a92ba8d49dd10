package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.labelfit.io.NiftiTest.assertMessage;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG, GIF, BMP and JPEG headers declare sizes that are checked against the heap before decoding. */
class RasterHeadersTest {

	@TempDir
	Path dir;

	private Path write(String name, ByteBuffer b) throws IOException {
		byte[] all = new byte[b.position()];
		b.flip().get(all);
		return Files.write(dir.resolve(name), all);
	}

	private static BufferedImage gray(int w, int h) {
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		for (int i = 0; i < w * h; i++)
			img.getRaster().setSample(i % w, i / w, 0, i * 37 % 256);
		return img;
	}

	@Test
	void genuineFilesStillRead() throws IOException {
		for (String format : new String[] { "bmp", "gif", "png" }) {
			Path p = dir.resolve("g." + format);
			ImageIO.write(gray(7, 5), format, p.toFile());
			ImageData d = ImageFiles.read(p);
			assertArrayEquals(new long[] { 7, 5 }, d.dims(), format);
		}
		Path jpg = dir.resolve("g.jpg");
		ImageIO.write(gray(16, 8), "jpg", jpg.toFile());
		assertArrayEquals(new long[] { 16, 8 }, ImageFiles.read(jpg).dims());
	}

	/** A PNG header and an IDAT chunk of idat bytes (zeros). */
	private ByteBuffer png(long w, long h, int idat) {
		ByteBuffer b = ByteBuffer.allocate(64 + idat);
		b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		b.putInt(13).put("IHDR".getBytes()).putInt((int) w).putInt((int) h).put(new byte[] { 8, 0, 0, 0, 0 }).putInt(0);
		b.putInt(idat).put("IDAT".getBytes()).put(new byte[idat]).putInt(0);
		return b;
	}

	@Test
	void pngSizesAreChecked() throws IOException {
		// 40000 rows of a filter byte and 5000 bytes at least, deflated at most 1032-fold
		Path big = write("big.png", png(40000, 40000, 200_000));
		assertMessage("big.png", "40000 x 40000 pixels needs 25.6 GB, ", () -> ImageFiles.read(big));
		Path lying = write("lying.png", png(40000, 40000, 100));
		assertMessage("lying.png", "its 100 bytes of image data cannot hold 40000 x 40000 pixels", () -> ImageFiles.read(lying));
		Path huge = write("huge.png", png(100000, 100000, 0));
		assertMessage("huge.png", "too large", () -> ImageFiles.read(huge));
		ByteBuffer noHeader = png(4, 4, 0);
		noHeader.putInt(12, 99);
		Path bad = write("bad.png", noHeader);
		assertMessage("bad.png", "is not a valid PNG: it does not start with an IHDR header", () -> ImageFiles.read(bad));
	}

	/** ImageJ's BMP_Reader allocates its palette and rows by the header. */
	@Test
	void bmpFieldsAreChecked() throws IOException {
		Path gray = dir.resolve("g.bmp");
		ImageIO.write(gray(7, 5), "bmp", gray.toFile());
		byte[] good = Files.readAllBytes(gray);
		ByteBuffer palette = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(46, Integer.MAX_VALUE);
		Path p = Files.write(dir.resolve("palette.bmp"), palette.array());
		assertMessage("palette.bmp", "its palette declares 2147483647 colours", () -> ImageFiles.read(p));
		Path cut = Files.write(dir.resolve("cut.bmp"), Arrays.copyOf(good, good.length - 10));
		assertMessage("cut.bmp", "bytes of pixels at offset", () -> ImageFiles.read(cut));
		ByteBuffer tall = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -40000).putInt(18, 40000);
		Path t = Files.write(dir.resolve("tall.bmp"), tall.array());
		assertMessage("tall.bmp", "its 1600000000 bytes of pixels at offset 1078 run past the end", () -> ImageFiles.read(t));
		ByteBuffer rle = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(30, 1);
		Path r = Files.write(dir.resolve("rle.bmp"), rle.array());
		assertMessage("rle.bmp", "is a compressed BMP", () -> ImageFiles.read(r));
	}

	/** ImageJ's GIF reader keeps a full-screen int image per frame, however small the frame. */
	@Test
	void gifFramesCountTowardsTheHeap() throws IOException {
		ByteBuffer b = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);
		b.put("GIF89a".getBytes()).putShort((short) 2000).putShort((short) 2000).put(new byte[] { (byte) 0x80, 0, 0 });
		b.put(new byte[6]);
		for (int f = 0; f < 200; f++)
			b.put((byte) 0x2c).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1).put((byte) 0)
				.put(new byte[] { 2, 2, 0x44, 0x01, 0 });
		b.put((byte) 0x3b);
		Path gif = write("frames.gif", b);
		assertMessage("frames.gif", "2000 x 2000 x 200 pixels needs 12.8 GB, ", () -> ImageFiles.read(gif));
		// one tiny frame cannot fill a screen of 30000 x 30000
		b.putShort(6, (short) 30000).putShort(8, (short) 30000).position(34).put((byte) 0x3b);
		Path screen = write("screen.gif", b);
		assertMessage("screen.gif", "its 4 bytes of image data cannot hold 30000 x 30000 pixels", () -> ImageFiles.read(screen));
	}

	@Test
	void jpegSizeIsTheFirstFrameHeaders() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(gray(16, 8), "jpg", out);
		byte[] jpg = out.toByteArray();
		// the frame header: FFC0, length, precision, height, width
		int sof = 2;
		while (!((jpg[sof] & 0xff) == 0xff && (jpg[sof + 1] & 0xff) == 0xc0))
			sof++;
		ByteBuffer.wrap(jpg).putShort(sof + 5, (short) 40000).putShort(sof + 7, (short) 40000);
		Path lying = Files.write(dir.resolve("lying.jpg"), jpg);
		assertMessage("lying.jpg", "bytes of image data cannot hold 40000 x 40000 pixels", () -> ImageFiles.read(lying));
		// 25 million blocks need a bit each at least
		Path big = Files.write(dir.resolve("big.jpg"), Arrays.copyOf(jpg, 3_200_000));
		assertMessage("big.jpg", "40000 x 40000 pixels needs 25.6 GB, ", () -> ImageFiles.read(big));
		Path none = Files.write(dir.resolve("none.jpg"), new byte[] { (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xda, 0, 2 });
		assertMessage("none.jpg", "is not a valid JPEG: no frame header", () -> ImageFiles.read(none));
	}
}
