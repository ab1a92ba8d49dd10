package org.labelfit.io;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import ij.io.BitBuffer;

/**
 * The decoded length of a compressed TIFF strip, computed the way ImageJ 1's {@code ImageReader} decodes it but
 * without its failure modes: ImageJ inflates a deflate stream that ends early forever, and decodes every LZW strip
 * up to the size of the whole image. Decoding stops once past a limit, so checking costs no more than the image.
 */
final class TiffStrips {

	/** Compression codes, 0 and 1 both meaning none as ImageJ reads them. */
	static final int NONE = 1, LZW = 5, DEFLATE = 8, ADOBE_DEFLATE = 32946, PACKBITS = 32773;

	/** ImageJ's LZW string table; a strip that outgrows it throws in ImageJ. */
	private static final int LZW_TABLE = 16384;
	private static final int CLEAR = 256, END = 257;

	private TiffStrips() {}

	/** Whether ImageJ decodes this compression; 0 is none, as for ImageJ. */
	static boolean supported(int compression) {
		return switch (compression) {
			case 0, NONE, LZW, DEFLATE, ADOBE_DEFLATE, PACKBITS -> true;
			default -> false;
		};
	}

	/**
	 * The most bytes one stored byte can decode to, by decoder (NONE, LZW, DEFLATE or PACKBITS): a PackBits run of 128
	 * takes 2 bytes, deflate expands at most 1032-fold, and an LZW code of at least 9 bits stands for at most a whole
	 * string table entry.
	 */
	static long maxRatio(int decoder) {
		return switch (decoder) {
			case PACKBITS -> 64;
			case DEFLATE -> RawVoxels.MAX_DEFLATE_RATIO;
			case LZW -> LZW_TABLE * 8L / 9;
			default -> 1;
		};
	}

	/**
	 * The strip's decoded length, or -1 when ImageJ would fail on it or, for deflate, never finish. LZW and deflate
	 * stop once past {@code limit}, so a result above it means the strip decodes to more; PackBits stops at the limit,
	 * as ImageJ does.
	 */
	static long decodedLength(int decoder, byte[] strip, long limit) {
		return switch (decoder) {
			case LZW -> lzw(strip, limit);
			case DEFLATE -> inflated(strip, limit);
			case PACKBITS -> packBits(strip, limit);
			default -> throw new IllegalArgumentException("not a TIFF decoder: " + decoder);
		};
	}

	/** ImageJ loops while the inflater is unfinished; a stream that needs more input or a dictionary never is. */
	private static long inflated(byte[] strip, long limit) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(strip);
			byte[] buf = new byte[1 << 13];
			long out = 0;
			while (!inflater.finished() && out <= limit) {
				int n = inflater.inflate(buf);
				if (n == 0 && !inflater.finished())
					return -1;
				out += n;
			}
			return out;
		}
		catch (DataFormatException e) {
			return -1;
		}
		finally {
			inflater.end();
		}
	}

	/** ImageJ's lzwUncompress, tracking only the length of each table string. */
	private static long lzw(byte[] strip, long limit) {
		if (strip.length == 0)
			return 0;
		// ImageJ's table starts with one byte in every entry and never clears entries above 257
		int[] length = new int[LZW_TABLE];
		Arrays.fill(length, 1);
		BitBuffer bits = new BitBuffer(strip);
		int width = 9, next = END + 1, old = -1;
		long out = 0;
		while (out <= limit) {
			int code = bits.getBits(width);
			if (code == END || code == -1)
				break;
			if (code == CLEAR) {
				next = END + 1;
				width = 9;
				code = bits.getBits(width);
				if (code == END || code == -1)
					break;
				out += length[code];
			}
			else {
				if (next == LZW_TABLE)
					return -1;
				if (old == -1)
					old = 0;
				length[next] = length[old] + 1;
				out += code < next ? length[code] : length[next];
				next++;
				width = next >= 2047 ? 12 : next >= 1023 ? 11 : next >= 511 ? 10 : 9;
			}
			old = code;
		}
		return out;
	}

	/** ImageJ's packBitsUncompress, which fails on a run that reads past the strip. */
	private static long packBits(byte[] strip, long limit) {
		long out = 0;
		for (int i = 0; i < strip.length && out < limit;) {
			int n = strip[i++];
			if (n >= 0) {
				if (i + n + 1 > strip.length)
					return -1;
				i += n + 1;
				out += n + 1;
			}
			else if (n != -128) {
				if (i == strip.length)
					return -1;
				i++;
				out += 1 - n;
			}
		}
		return Math.min(out, limit);
	}
}
