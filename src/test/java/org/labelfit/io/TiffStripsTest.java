package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import ij.io.FileInfo;
import ij.io.ImageReader;

import org.junit.jupiter.api.Test;

/** Decoded strip lengths agree with what ImageJ's own decoders produce, failures included. */
class TiffStripsTest {

	private static final long LIMIT = 1 << 20;

	/** ImageJ's LZW decoder, bounded the way ImageJ bounds it: by the image's byte count. */
	private static long imageJLzw(byte[] strip) throws ReflectiveOperationException {
		ImageReader reader = new ImageReader(new FileInfo());
		Field byteCount = ImageReader.class.getDeclaredField("byteCount");
		byteCount.setAccessible(true);
		byteCount.setLong(reader, LIMIT + 1);
		try {
			return reader.lzwUncompress(strip).length;
		}
		catch (ArrayIndexOutOfBoundsException e) {
			return -1;
		}
	}

	/** LZW codes, most significant bit first, 9 bits wide until the table grows as ImageJ's decoder grows it. */
	private static byte[] codes(int... codes) {
		byte[] out = new byte[(codes.length * 12 + 7) / 8];
		int bit = 0, next = 258;
		for (int c : codes) {
			int width = next >= 2047 ? 12 : next >= 1023 ? 11 : next >= 511 ? 10 : 9;
			for (int b = width - 1; b >= 0; b--, bit++)
				if ((c >> b & 1) != 0)
					out[bit / 8] |= (byte) (0x80 >> bit % 8);
			next = c == 256 ? 258 : next + 1;
		}
		return Arrays.copyOf(out, (bit + 7) / 8);
	}

	@Test
	void lzwLengthsMatchImageJ() throws ReflectiveOperationException {
		// 'a', 'b', "ab", end: four bytes (the first code starts no table entry, so "ab" is 258)
		byte[] ab = codes(256, 'a', 'b', 258, 257);
		assertEquals(4, TiffStrips.decodedLength(TiffStrips.LZW, ab, LIMIT));
		assertEquals(4, imageJLzw(ab));
		// decoding stops once past the limit
		assertEquals(2, TiffStrips.decodedLength(TiffStrips.LZW, ab, 1));
		// without a clear code ImageJ's table overflows after 16126 codes
		int[] zeros = new int[16200];
		byte[] overflow = codes(zeros);
		assertEquals(-1, imageJLzw(overflow));
		assertEquals(-1, TiffStrips.decodedLength(TiffStrips.LZW, overflow, LIMIT));
		Random r = new Random(6);
		for (int i = 0; i < 120; i++) {
			byte[] strip = new byte[1 + r.nextInt(600)];
			r.nextBytes(strip);
			if (r.nextBoolean())
				strip[0] = (byte) 0x80; // starts with a clear code
			assertEquals(imageJLzw(strip), TiffStrips.decodedLength(TiffStrips.LZW, strip, LIMIT), "strip " + i);
		}
	}

	@Test
	void packBitsLengthsMatchImageJ() {
		assertEquals(3, TiffStrips.decodedLength(TiffStrips.PACKBITS, new byte[] { 2, 1, 2, 3 }, LIMIT));
		assertEquals(4, TiffStrips.decodedLength(TiffStrips.PACKBITS, new byte[] { -3, 9, -128 }, LIMIT));
		assertEquals(-1, TiffStrips.decodedLength(TiffStrips.PACKBITS, new byte[] { 5, 1 }, LIMIT));
		ImageReader reader = new ImageReader(new FileInfo());
		Random r = new Random(7);
		for (int i = 0; i < 3000; i++) {
			byte[] strip = new byte[1 + r.nextInt(200)];
			r.nextBytes(strip);
			int limit = 1 + r.nextInt(3000);
			long imageJ;
			try {
				imageJ = Math.min(reader.packBitsUncompress(strip, limit).length, limit);
			}
			catch (ArrayIndexOutOfBoundsException e) {
				imageJ = -1;
			}
			assertEquals(imageJ, TiffStrips.decodedLength(TiffStrips.PACKBITS, strip, limit), "strip " + i);
		}
	}

	@Test
	void deflateStreamsThatEndEarlyOrAreCorruptFail() {
		byte[] data = new byte[5000];
		new Random(3).nextBytes(data);
		Deflater d = new Deflater();
		d.setInput(data);
		d.finish();
		byte[] z = new byte[6000];
		z = Arrays.copyOf(z, d.deflate(z));
		d.end();
		assertEquals(5000, TiffStrips.decodedLength(TiffStrips.DEFLATE, z, LIMIT));
		assertTrue(TiffStrips.decodedLength(TiffStrips.DEFLATE, z, 100) > 100);
		for (int cut : new int[] { 0, 1, 2, 100, z.length - 1 })
			assertEquals(-1, TiffStrips.decodedLength(TiffStrips.DEFLATE, Arrays.copyOf(z, cut), LIMIT), "cut at " + cut);
		z[3] ^= 0x55;
		assertEquals(-1, TiffStrips.decodedLength(TiffStrips.DEFLATE, z, LIMIT));
	}
}
