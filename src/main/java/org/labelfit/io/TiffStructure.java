package org.labelfit.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/**
 * Checks a TIFF file's structure before ImageJ 1 reads it, so that a corrupt or lying file is refused with one line
 * instead of sending ImageJ's {@code TiffDecoder} round an endless IFD chain, making it allocate what a header
 * claims, or decoding a strip forever. Fields are read as ImageJ reads them, quirks included; every IFD, array and
 * strip must lie inside the file, strip counts and sizes must fit the image, compressed strips must decode as
 * ImageJ will decode them, and the heap must hold the result.
 */
final class TiffStructure {

	/** A big stack has one IFD per slice. */
	private static final int MAX_IFDS = 100_000;
	/** ImageJ ignores an IFD with more entries. */
	private static final int MAX_ENTRIES = 1000;
	/** ImageJ takes seconds per million strips; it writes one per image, libtiff about one per 8 kB. */
	private static final int MAX_STRIPS = 1 << 20;
	/** ImageJ makes a channel of each sample; more than this is no image LabelFit reads. */
	private static final int MAX_SAMPLES = 256;

	private static final int WIDTH = 256, HEIGHT = 257, BITS = 258, COMPRESSION = 259, DESCRIPTION = 270,
		STRIP_OFFSETS = 273, ORIENTATION = 274, SAMPLES = 277, ROWS_PER_STRIP = 278, STRIP_BYTE_COUNTS = 279,
		PLANAR = 284, TILE_WIDTH = 322, TILE_BYTE_COUNTS = 325, IPLAB = 34122, META_DATA_BYTE_COUNTS = 50838,
		META_DATA = 50839;
	/** Bytes per value by TIFF field type 1 to 13; an unknown type counts as one byte. */
	private static final int[] TYPE_BYTES = { 1, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };
	private static final int SHORT = 3;
	/** The magic number of ImageJ's metadata block. */
	private static final long IJIJ = 0x494a494aL;

	/** What ImageJ takes from one image file directory. */
	private static final class Ifd {
		long width, height, rowsPerStrip;
		int bits = 1, samples = 1, compression = TiffStrips.NONE;
		boolean planar;
		/** ImageJ's nImages: images stored contiguously after the first, read without their IFDs. */
		long images = 1;
		String description;
		long[] stripOffsets, stripCounts;
		long next;

		long planes() {
			return planar ? samples : 1;
		}

		/** The fewest bytes the pixels take: rows byte-aligned or not. */
		long pixelBytes() {
			return planes() * ((width * height * bits * (planar ? 1 : samples) + 7) / 8);
		}

		/** The most bytes a strip decodes to: its rows, each byte-aligned. */
		long stripBytes() {
			long rows = rowsPerStrip > 0 && rowsPerStrip < height ? rowsPerStrip : height;
			return rows * ((width * bits * (planar ? 1 : samples) + 7) / 8);
		}

		/** The decoder ImageJ picks: 0 is none too, and both deflate codes are one. */
		int decoder() {
			return compression == 0 ? TiffStrips.NONE : compression == TiffStrips.ADOBE_DEFLATE ? TiffStrips.DEFLATE : compression;
		}

		boolean compressed() {
			return decoder() != TiffStrips.NONE;
		}

		boolean sameSize(Ifd o) {
			return width == o.width && height == o.height && bits == o.bits && samples == o.samples;
		}
	}

	private final FileBytes in;
	private final String name;
	/** ImageJ keeps the last MetaDataByteCounts it saw, across IFDs. */
	private long[] metaCounts;
	private long strips;

	private TiffStructure(FileBytes in, String name) {
		this.in = in;
		this.name = name;
	}

	/** Refuses the file, naming what is wrong, unless ImageJ can read it safely within the heap. */
	static void check(Path file, String name) {
		try (FileBytes in = new FileBytes(file)) {
			new TiffStructure(in, name).check();
		}
		catch (EOFException e) {
			throw new LabelFitException(name + " is not a valid TIFF: it ends inside a header field", e);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + AtomicFiles.message(e), e);
		}
	}

	/** Refuses, with the reason, a file that starts like a TIFF but is not one ImageJ reads (a BigTIFF, say). */
	static void refuseTiffLookalike(Path file, String name) {
		try (FileBytes in = new FileBytes(file)) {
			if (in.holds(0, 4) && (in.u16(0) == 0x4949 || in.u16(0) == 0x4d4d))
				new TiffStructure(in, name).header();
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + AtomicFiles.message(e), e);
		}
	}

	private LabelFitException invalid(String what) {
		return new LabelFitException(name + " is not a valid TIFF: " + what);
	}

	/** The offset of the first IFD. */
	private long header() throws IOException {
		if (!in.holds(0, 8))
			throw invalid("it is shorter than a TIFF header");
		int order = in.u16(0);
		if (order != 0x4949 && order != 0x4d4d)
			throw invalid("it does not start with II or MM");
		in.order(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		int magic = in.u16(2);
		if (magic == 43)
			throw new LabelFitException(name + " is a BigTIFF, which LabelFit does not read; save it as a standard TIFF");
		if (magic != 42)
			throw invalid("its magic number is " + magic + ", not 42");
		return in.u32(4);
	}

	private void check() throws IOException {
		List<Ifd> ifds = new ArrayList<>();
		Set<Long> seen = new HashSet<>();
		for (long next = header(); next != 0; next = ifds.get(ifds.size() - 1).next) {
			if (!seen.add(next))
				throw invalid("its chain of images loops back to offset " + next);
			if (ifds.size() == MAX_IFDS)
				throw invalid("it holds more than " + MAX_IFDS + " images");
			ifds.add(ifd(next, ifds.size() + 1));
		}
		if (ifds.isEmpty())
			throw invalid("it holds no image");
		Ifd first = ifds.get(0);
		boolean stack = ifds.stream().allMatch(first::sameSize);
		if (stack && ifds.stream().anyMatch(f -> f.decoder() != first.decoder()))
			throw invalid("its images use different compressions, and ImageJ decodes all with the first one's");
		long planes = first.images > 1 ? contiguousImages(first) : stack ? ifds.size() : 1;
		if (first.description != null && first.description.startsWith("ImageJ"))
			checkHyperstack(first.description, planes);
		requireHeap(first, planes, ifds.stream().anyMatch(f -> f.compressed() || f.stripOffsets.length > 1));
		for (int i = 0; i < ifds.size(); i++)
			if (ifds.get(i).compressed())
				checkDecoding(ifds.get(i), i + 1);
	}

	/** Reads one IFD as ImageJ's TiffDecoder.OpenIFD does, checking each field, then what it says about the image. */
	private Ifd ifd(long offset, int index) throws IOException {
		if (!in.holds(offset, 2))
			throw invalid("image " + index + " starts at offset " + offset + ", outside the file (" + in.size() + " bytes)");
		int entries = in.u16(offset);
		if (entries < 1 || entries > MAX_ENTRIES)
			throw invalid("image " + index + " has " + entries + " fields; ImageJ reads 1 to " + MAX_ENTRIES);
		if (!in.holds(offset, 2 + 12L * entries + 4))
			throw invalid("image " + index + "'s " + entries + " fields run past the end of the file");
		Ifd f = new Ifd();
		for (int e = 0; e < entries; e++)
			field(f, offset + 2 + 12L * e, index);
		f.next = in.u32(offset + 2 + 12L * entries);
		checkImage(f, index);
		return f;
	}

	private void field(Ifd f, long pos, int index) throws IOException {
		int tag = in.u16(pos);
		int type = in.u16(pos + 2);
		long count = in.u32(pos + 4);
		long bytes = count * (type < TYPE_BYTES.length ? TYPE_BYTES[type] : 1);
		long data = bytes <= 4 ? pos + 8 : in.u32(pos + 8);
		if (!in.holds(data, bytes))
			throw invalid("field " + tag + " of image " + index + " (" + count + " values at offset " + data + ") lies outside the file");
		// ImageJ takes the value field as one short when it holds one short, else as 32 bits: a value or an offset
		long value = type == SHORT && count == 1 ? in.u16(pos + 8) : in.u32(pos + 8);
		switch (tag) {
			case WIDTH -> f.width = value;
			case HEIGHT -> f.height = value;
			// ImageJ takes the first of several from the offset
			case BITS -> f.bits = count == 1 ? (int) value : in.u16(value);
			case SAMPLES -> f.samples = (int) value;
			case ROWS_PER_STRIP -> f.rowsPerStrip = value;
			case PLANAR -> f.planar = value == 2;
			case COMPRESSION -> f.compression = (int) value;
			case STRIP_OFFSETS -> {
				strips += count;
				if (strips > MAX_STRIPS)
					throw invalid("it has more than " + MAX_STRIPS + " strips");
				// ImageJ reads several offsets as 32-bit values, whatever their type
				f.stripOffsets = count == 1 ? new long[] { value } : array(count, value, false);
			}
			case STRIP_BYTE_COUNTS -> f.stripCounts = count == 1 ? new long[] { value } : array(count, value, type == SHORT);
			case DESCRIPTION -> {
				// ImageJ reads the first image's description only, and only when longer than 3 bytes
				if (index == 1 && count > 4)
					describe(f, new String(in.bytes(value, (int) Math.min(count - 1, RawVoxels.MAX_ARRAY)), StandardCharsets.ISO_8859_1));
			}
			case ORIENTATION -> f.images = 0;
			case IPLAB -> f.images = (int) value;
			// ImageJ reads these 32-bit counts from the offset even when there is only one
			case META_DATA_BYTE_COUNTS -> metaCounts = array(count, value, false);
			case META_DATA -> checkMetaData(value);
			default -> {
				if (tag >= TILE_WIDTH && tag <= TILE_BYTE_COUNTS)
					throw new LabelFitException(name + " is a tiled TIFF, which LabelFit does not read; save it with strips (ImageJ does)");
			}
		}
	}

	/** count unsigned values of 16 or 32 bits from offset, at most {@link #MAX_STRIPS}. */
	private long[] array(long count, long offset, boolean shorts) throws IOException {
		int size = shorts ? 2 : 4;
		if (count > MAX_STRIPS || !in.holds(offset, count * size))
			throw invalid("an array of " + count + " values at offset " + offset + " lies outside the file or is too long");
		long[] values = new long[(int) count];
		for (int i = 0; i < values.length; i++)
			values[i] = shorts ? in.u16(offset + 2L * i) : in.u32(offset + 4L * i);
		return values;
	}

	/** ImageJ's own stacks say "ImageJ=…\nimages=N\n" and store the N images one after the other. */
	private static void describe(Ifd f, String description) {
		f.description = description;
		int images = description.indexOf("images=");
		if (!description.startsWith("ImageJ") || images <= 0 || description.charAt(7) == '\n')
			return;
		int end = description.indexOf('\n', images);
		if (end <= 0)
			return;
		// as ImageJ's TiffDecoder parses it: a number cast to int, 0 when not a number
		double n;
		try {
			n = Double.parseDouble(description.substring(images + 7, end));
		}
		catch (NumberFormatException e) {
			n = 0;
		}
		if ((int) n > 1 && !f.compressed())
			f.images = (int) n;
	}

	/** Checks what one IFD says about its image: size, type, strips inside the file and enough of them. */
	private void checkImage(Ifd f, int index) {
		String image = "image " + index;
		if (f.width <= 0 || f.height <= 0)
			throw invalid(image + " has no width or height");
		RawVoxels.voxels(name, f.width, f.height);
		if (!TiffStrips.supported(f.compression))
			throw new LabelFitException(name + " uses TIFF compression " + f.compression
				+ "; LabelFit reads uncompressed, LZW, deflate and PackBits TIFFs");
		if (f.bits != 1 && f.bits != 8 && f.bits != 10 && f.bits != 12 && f.bits != 16 && f.bits != 32)
			throw new LabelFitException(name + " has " + f.bits + " bits per sample; LabelFit reads 1, 8, 10, 12, 16 and 32-bit TIFFs");
		if (f.samples < 1 || f.samples > MAX_SAMPLES)
			throw invalid(image + " has " + f.samples + " samples per pixel");
		if (f.stripOffsets == null || f.stripOffsets.length == 0)
			throw invalid(image + " has no strips");
		int n = f.stripOffsets.length;
		if (n > f.planes() * f.height)
			throw invalid(image + " has " + n + " strips for " + f.height + " rows");
		// ImageJ reads a single uncompressed strip without its byte count
		if (f.stripCounts == null && !f.compressed() && n == 1)
			f.stripCounts = new long[] { f.pixelBytes() };
		if (f.stripCounts == null || f.stripCounts.length != n)
			throw invalid(image + " has " + n + " strips but " + (f.stripCounts == null ? 0 : f.stripCounts.length) + " strip byte counts");
		long stored = 0;
		for (int s = 0; s < n; s++) {
			if (f.stripCounts[s] > RawVoxels.MAX_ARRAY || !in.holds(f.stripOffsets[s], f.stripCounts[s]))
				throw invalid(image + "'s strip " + (s + 1) + " (" + f.stripCounts[s] + " bytes at offset " + f.stripOffsets[s]
					+ ") lies past the end of the file (" + in.size() + " bytes)");
			stored += f.stripCounts[s];
		}
		long ratio = TiffStrips.maxRatio(f.decoder());
		if ((f.pixelBytes() + ratio - 1) / ratio > stored)
			throw invalid(image + "'s strips hold " + stored + " bytes, too few for its " + f.width + " x " + f.height
				+ " pixels (" + HeapBudget.format(f.pixelBytes()) + ")");
	}

	/** The number of images an ImageJ stack declares, checked against the bytes after the first strip. */
	private long contiguousImages(Ifd first) {
		if (first.images > MAX_IFDS)
			throw invalid("its ImageDescription declares " + first.images + " images, more than the " + MAX_IFDS + " LabelFit reads");
		// ImageJ starts at the first strip, or the last when that comes first
		long start = Math.min(first.stripOffsets[0], first.stripOffsets[first.stripOffsets.length - 1]);
		if (!in.holds(start, first.images * first.pixelBytes()))
			throw invalid("its ImageDescription declares " + first.images + " images of " + first.width + " x " + first.height
				+ ", but the file holds only " + (in.size() - start) / first.pixelBytes());
		return first.images;
	}

	/** ImageJ makes a hyperstack when channels x slices x frames in the description match the images it read. */
	private void checkHyperstack(String description, long planes) throws IOException {
		Properties p = new Properties();
		try {
			p.load(new StringReader(description));
		}
		catch (IllegalArgumentException e) {
			// ImageJ loads it the same way and would throw
			throw invalid("its ImageDescription is malformed (" + Quoted.of(AtomicFiles.message(e)) + ")");
		}
		long product = 1;
		for (String key : new String[] { "channels", "slices", "frames" }) {
			String v = p.getProperty(key);
			if (v == null)
				continue;
			long n;
			try {
				n = Long.parseLong(v.trim());
			}
			catch (NumberFormatException e) {
				n = 0;
			}
			if (n < 1 || n > planes)
				throw invalid("its ImageDescription declares " + Quoted.of(v) + " " + key + " for " + planes + " images");
			product *= n;
		}
		if (product != 1 && product != planes)
			throw invalid("its ImageDescription declares channels x slices x frames = " + product + " images, but it holds " + planes);
	}

	/** ImageJ holds the planes, a compressed file's bytes too; LabelFit then makes a float copy. */
	private void requireHeap(Ifd first, long planes, boolean cachesFile) {
		long pixels = RawVoxels.voxels(name, first.width, first.height, planes);
		long imageJ = (long) first.samples * ((first.bits + 7) / 8);
		// ImageJ holds 8-bit RGB as one int per pixel
		long perPixel = (imageJ == 3 ? 4 : imageJ) + Float.BYTES;
		HeapBudget.require(pixels * perPixel + (cachesFile ? in.size() : 0),
			name + ": " + first.width + " x " + first.height + " x " + planes + " pixels");
	}

	/** Decodes every strip as ImageJ will, to lengths only: none may fail, loop or overrun its rows. */
	private void checkDecoding(Ifd f, int index) throws IOException {
		long limit = f.stripBytes();
		long decoded = 0;
		for (int s = 0; s < f.stripOffsets.length; s++) {
			byte[] strip = in.bytes(f.stripOffsets[s], (int) f.stripCounts[s]);
			long n = TiffStrips.decodedLength(f.decoder(), strip, limit);
			if (n < 0)
				throw invalid("image " + index + "'s strip " + (s + 1) + " is corrupt: ImageJ would fail on it or never finish decoding it");
			if (n > limit)
				throw invalid("image " + index + "'s strip " + (s + 1) + " decodes to more than the " + limit + " bytes of its rows");
			decoded += n;
		}
		if (decoded < f.pixelBytes())
			throw invalid("image " + index + "'s strips decode to " + decoded + " bytes, too few for its " + f.width + " x "
				+ f.height + " pixels (" + f.pixelBytes() + " bytes)");
	}

	/**
	 * ImageJ's metadata block: a header of (type, count) pairs after "IJIJ", then one entry per count, whose
	 * lengths come from MetaDataByteCounts. ImageJ allocates by those numbers, so they must fit the file.
	 */
	private void checkMetaData(long offset) throws IOException {
		if (metaCounts == null || metaCounts.length == 0 || metaCounts[0] < 12 || metaCounts[0] > 804)
			return;
		int types = (int) (metaCounts[0] - 4) / 8;
		if (!in.holds(offset, 4 + 8L * types))
			throw invalid("its ImageJ metadata at offset " + offset + " lies outside the file");
		if (in.u32(offset) != IJIJ)
			return;
		long entries = 0;
		for (int t = 0; t < types; t++) {
			long count = in.u32(offset + 8 + 8L * t);
			if (count < 1 || count >= metaCounts.length)
				throw invalid("its ImageJ metadata declares " + count + " entries of one type");
			entries += count;
		}
		if (entries >= metaCounts.length)
			throw invalid("its ImageJ metadata declares " + entries + " entries but has " + (metaCounts.length - 1) + " lengths");
		long bytes = 0;
		for (int e = 1; e <= entries; e++)
			bytes += metaCounts[e];
		if (!in.holds(offset + 4 + 8L * types, bytes))
			throw invalid("its ImageJ metadata (" + bytes + " bytes) runs past the end of the file");
	}
}
