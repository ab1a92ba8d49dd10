package org.labelfit.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

import ij.io.Opener;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;

/**
 * Checks the image size a PNG, GIF, BMP or JPEG header declares before ImageJ or AWT decode the file: against the
 * data the file holds, so that a lying header is refused, then against the heap. For BMP also the fields ImageJ's
 * BMP_Reader allocates by.
 */
final class RasterHeaders {

	/** Heap per pixel while decoding: the decoder's raster (8 for 16-bit RGBA), ImageJ's copy (4), LabelFit's floats (4). */
	private static final int BYTES_PER_PIXEL = 16;
	private static final long IHDR = 0x49484452L, IDAT = 0x49444154L, IEND = 0x49454e44L;
	/** GIF's LZW codes are at least 3 bits, its strings at most 4096 bytes. */
	private static final long GIF_LZW_RATIO = 4096 * 8 / 3;
	/** Huffman-coded JPEG spends at least one bit on each 8 x 8 block. */
	private static final long JPEG_PIXELS_PER_BYTE = 8 * 64;

	private final FileBytes in;
	private final String name;
	private final String format;
	/** What the header declares, for the heap's message. */
	private String size;

	private RasterHeaders(FileBytes in, String name, String format) {
		this.in = in;
		this.name = name;
		this.format = format;
	}

	/** Refuses the file unless its declared size fits its data and the heap; type is the {@link Opener} file type. */
	static void check(Path file, String name, int type) {
		String format = switch (type) {
			case Opener.PNG -> "PNG";
			case Opener.GIF -> "GIF";
			case Opener.BMP -> "BMP";
			case Opener.JPEG -> "JPEG";
			default -> throw new IllegalArgumentException("not a raster type: " + type);
		};
		try (FileBytes in = new FileBytes(file)) {
			RasterHeaders h = new RasterHeaders(in, name, format);
			long bytes = switch (type) {
				case Opener.PNG -> h.png();
				case Opener.GIF -> h.gif();
				case Opener.BMP -> h.bmp();
				default -> h.jpeg();
			};
			HeapBudget.require(bytes, name + ": " + h.size);
		}
		catch (EOFException e) {
			throw new LabelFitException(name + " is not a valid " + format + ": it ends inside its header", e);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + AtomicFiles.message(e), e);
		}
	}

	private LabelFitException invalid(String what) {
		return new LabelFitException(name + " is not a valid " + format + ": " + what);
	}

	/** The heap that decoding frames of width x height needs, once the size is one LabelFit can hold. */
	private long decoding(long width, long height, long frames) {
		long[] dims = frames > 1 ? new long[] { width, height, frames } : new long[] { width, height };
		size = RawVoxels.sizeText(dims) + " pixels";
		return RawVoxels.voxels(name, dims) * BYTES_PER_PIXEL;
	}

	/** The image data, deflated, must be able to inflate to the rows: a filter byte and at least a bit per pixel. */
	private long png() throws IOException {
		in.order(ByteOrder.BIG_ENDIAN);
		if (!in.holds(0, 24) || in.u32(8) != 13 || in.u32(12) != IHDR)
			throw invalid("it does not start with an IHDR header");
		long width = in.u32(16), height = in.u32(20);
		long bytes = decoding(width, height, 1);
		long data = 0;
		for (long pos = 8; in.holds(pos, 8) && in.u32(pos + 4) != IEND; pos += 12 + in.u32(pos))
			if (in.u32(pos + 4) == IDAT)
				data += in.u32(pos);
		plausible(data, height * (1 + (width + 7) / 8), RawVoxels.MAX_DEFLATE_RATIO, width, height);
		return bytes;
	}

	/** Refuses a header declaring more than its compressed data can decode to. */
	private void plausible(long data, long decoded, long ratio, long width, long height) {
		if (data < (decoded + ratio - 1) / ratio)
			throw invalid("its " + data + " bytes of image data cannot hold " + width + " x " + height + " pixels");
	}

	/** ImageJ's GIF reader keeps one int per pixel of the logical screen for every frame, so frames are counted. */
	private long gif() throws IOException {
		in.order(ByteOrder.LITTLE_ENDIAN);
		long width = in.u16(6), height = in.u16(8);
		long pos = 13 + colourTable(in.u8(10));
		long frames = 0, largest = 0, data = 0;
		while (in.holds(pos, 1)) {
			int block = in.u8(pos++);
			if (block == 0x21)
				pos = subBlocks(pos + 1);
			else if (block == 0x2c && in.holds(pos, 9)) {
				// the frame's own pixels, one byte each, come on top
				largest = Math.max(largest, (long) in.u16(pos + 4) * in.u16(pos + 6));
				long start = pos + 9 + colourTable(in.u8(pos + 8)) + 1;
				pos = subBlocks(start);
				data += pos - start;
				frames++;
			}
			else
				break;
		}
		if (largest > RawVoxels.MAX_ARRAY)
			throw invalid("a frame of " + largest + " pixels is too large");
		long bytes = decoding(width, height, Math.max(frames, 1)) + largest;
		plausible(data, width * height, GIF_LZW_RATIO, width, height);
		return bytes;
	}

	private static long colourTable(int packed) {
		return (packed & 0x80) != 0 ? 3L << ((packed & 7) + 1) : 0;
	}

	/** The position after a chain of data sub-blocks, each a length byte and that many bytes, ending with 0. */
	private long subBlocks(long pos) throws IOException {
		while (in.holds(pos, 1)) {
			int n = in.u8(pos);
			pos += 1 + n;
			if (n == 0)
				break;
		}
		return pos;
	}

	/** ImageJ's BMP_Reader reads uncompressed 1/4/8/24/32-bit files and allocates its palette and rows by the header. */
	private long bmp() throws IOException {
		in.order(ByteOrder.LITTLE_ENDIAN);
		if (!in.holds(0, 54) || in.u32(14) < 40)
			throw invalid("it has no Windows bitmap header");
		long pixels = in.u32(10);
		int width = (int) in.u32(18), height = (int) in.u32(22);
		int bits = in.u16(28);
		if (in.u32(30) != 0)
			throw new LabelFitException(name + " is a compressed BMP, which ImageJ does not read");
		if (bits != 1 && bits != 4 && bits != 8 && bits != 24 && bits != 32)
			throw new LabelFitException(name + " has " + bits + " bits per pixel; ImageJ reads 1, 4, 8, 24 and 32-bit BMPs");
		// ImageJ ignores the palette size of 24-bit files
		if (bits != 24 && in.u32(46) > 256)
			throw invalid("its palette declares " + in.u32(46) + " colours");
		// a negative height means rows stored top down
		long rows = Math.abs((long) height);
		long bytes = decoding(width, rows, 1);
		long stored = ((long) width * bits + 31) / 32 * 4 * rows;
		if (!in.holds(pixels, stored))
			throw invalid("its " + stored + " bytes of pixels at offset " + pixels + " run past the end of the file");
		return bytes + stored;
	}

	/**
	 * The size is in the first start-of-frame segment; segments before it are skipped by their lengths. The file
	 * must be long enough to code that many blocks.
	 */
	private long jpeg() throws IOException {
		in.order(ByteOrder.BIG_ENDIAN);
		for (long pos = 2;;) {
			if (!in.holds(pos, 4) || in.u8(pos) != 0xff)
				throw invalid("no frame header before offset " + pos);
			int marker = in.u8(pos + 1);
			if (marker == 0xff)
				pos++;
			else if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd8)
				pos += 2;
			else if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
				long width = in.u16(pos + 7), height = in.u16(pos + 5);
				long bytes = decoding(width, height, 1);
				plausible(in.size(), width * height, JPEG_PIXELS_PER_BYTE, width, height);
				return bytes;
			}
			else if (marker == 0xd9 || marker == 0xda)
				throw invalid("no frame header before the image data");
			else
				pos += 2 + in.u16(pos + 2);
		}
	}
}
