package org.labelfit.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds TIFF files field by field, independently of the code under test; fields may lie. */
final class RawTiff {

	static final int BYTE = 1, ASCII = 2, SHORT = 3, LONG = 4;
	static final int WIDTH = 256, HEIGHT = 257, BITS = 258, COMPRESSION = 259, DESCRIPTION = 270, STRIP_OFFSETS = 273,
		ROWS_PER_STRIP = 278, STRIP_BYTE_COUNTS = 279;

	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	int magic = 42;
	/** Links the last image back to the first. */
	boolean loop;
	private final List<Map<Integer, Field>> ifds = new ArrayList<>();
	private final List<byte[][]> strips = new ArrayList<>();

	/** values are written after the IFD when they do not fit its 4 bytes; raw, when not null, is written as is. */
	private record Field(int type, long count, long[] values, Long raw) {}

	/** Adds an image of width x height, samples of bits, stored in the given strips, uncompressed unless set. */
	RawTiff image(long width, long height, int bits, byte[]... data) {
		ifds.add(new TreeMap<>());
		strips.add(data);
		field(WIDTH, LONG, width).field(HEIGHT, LONG, height).field(BITS, SHORT, bits).field(COMPRESSION, SHORT, 1);
		field(262, SHORT, 1).field(ROWS_PER_STRIP, LONG, (height + data.length - 1) / data.length);
		return this;
	}

	/** Sets a field of the last image. */
	RawTiff field(int tag, int type, long... values) {
		ifds.get(ifds.size() - 1).put(tag, new Field(type, values.length, values, null));
		return this;
	}

	/** Sets a field whose count and 4-byte value or offset are written as given, whatever lies there. */
	RawTiff raw(int tag, int type, long count, long value) {
		ifds.get(ifds.size() - 1).put(tag, new Field(type, count, null, value));
		return this;
	}

	RawTiff description(String text) {
		byte[] b = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
		long[] v = new long[b.length];
		for (int i = 0; i < b.length; i++)
			v[i] = b[i];
		return field(DESCRIPTION, ASCII, v);
	}

	byte[] bytes() {
		ByteBuffer b = ByteBuffer.allocate(1 << 22).order(order);
		b.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
		b.putShort((short) magic).putInt(0);
		int link = 4, first = 0;
		for (int i = 0; i < ifds.size(); i++) {
			Map<Integer, Field> fields = ifds.get(i);
			long[] offsets = new long[strips.get(i).length], counts = new long[offsets.length];
			for (int s = 0; s < offsets.length; s++) {
				offsets[s] = b.position();
				counts[s] = strips.get(i)[s].length;
				b.put(strips.get(i)[s]);
			}
			fields.putIfAbsent(STRIP_OFFSETS, new Field(LONG, offsets.length, offsets, null));
			fields.putIfAbsent(STRIP_BYTE_COUNTS, new Field(LONG, counts.length, counts, null));
			// values that do not fit an entry go before the IFD
			Map<Integer, Long> at = new TreeMap<>();
			for (Map.Entry<Integer, Field> e : fields.entrySet()) {
				Field f = e.getValue();
				if (f.raw() == null && f.count() * size(f.type()) > 4) {
					b.position((b.position() + 1) & ~1);
					at.put(e.getKey(), (long) b.position());
					for (long v : f.values())
						put(b, f.type(), v);
				}
			}
			b.position((b.position() + 1) & ~1);
			b.putInt(link, b.position());
			if (i == 0)
				first = b.position();
			b.putShort((short) fields.size());
			for (Map.Entry<Integer, Field> e : fields.entrySet()) {
				Field f = e.getValue();
				b.putShort((short) (int) e.getKey()).putShort((short) f.type()).putInt((int) f.count());
				int value = b.position();
				b.putInt(0);
				if (f.raw() != null)
					b.putInt(value, (int) (long) f.raw());
				else if (at.containsKey(e.getKey()))
					b.putInt(value, (int) (long) at.get(e.getKey()));
				else {
					b.position(value);
					for (long v : f.values())
						put(b, f.type(), v);
					b.position(value + 4);
				}
			}
			link = b.position();
			b.putInt(0);
		}
		if (loop)
			b.putInt(link, first);
		return Arrays.copyOf(b.array(), b.position());
	}

	Path write(Path file) throws IOException {
		return Files.write(file, bytes());
	}

	private static int size(int type) {
		return type == SHORT ? 2 : type == LONG ? 4 : 1;
	}

	private static void put(ByteBuffer b, int type, long v) {
		if (type == SHORT)
			b.putShort((short) v);
		else if (type == LONG)
			b.putInt((int) v);
		else
			b.put((byte) v);
	}
}
