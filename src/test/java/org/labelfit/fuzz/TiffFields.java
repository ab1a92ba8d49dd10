package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of a classic TIFF: the IFD chain, entry counts, each entry's type, count and value, the strip arrays
 * and ImageJ's description ("images=3 slices=3"), which ImageJ trusts to read a stack in one go.
 */
final class TiffFields {

	private static final int WIDTH = 256, HEIGHT = 257, BITS = 258, COMPRESSION = 259, DESCRIPTION = 270, STRIP_OFFSETS = 273,
		SAMPLES = 277, ROWS_PER_STRIP = 278, STRIP_BYTE_COUNTS = 279;
	private static final int SHORT = 3, ASCII = 2;
	/** ImageJ writes a few IFDs per stack; a longer chain in a seed means the parse went astray. */
	private static final int MAX_IFDS = 64;
	private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

	private record Entry(int at, int tag, int type, long count) {}

	private record Tiff(ByteOrder order, List<Integer> ifds, List<Entry> entries) {}

	private TiffFields() {}

	/** Corrupts a field of the structure, or rewrites ImageJ's description with an edge number in it. */
	static List<Mutation> mutations() {
		return List.of(Field.corrupting(TiffFields::locate), TiffFields::corruptDescription);
	}

	static List<Field> locate(byte[] file) {
		Tiff tiff = parse(file);
		if (tiff == null) return List.of();
		ByteOrder order = tiff.order();
		long[] ifds = tiff.ifds().stream().mapToLong(Integer::longValue).toArray();
		List<Field> fields = new ArrayList<>();
		fields.add(Field.integer("first IFD", 4, 4, order, with(ifds, 0, 8, file.length, file.length - 2)));
		for (int ifd : tiff.ifds()) {
			int count = (int) Bytes.get(file, ifd, 2, order);
			fields.add(Field.integer("entry count", ifd, 2, order, 0, 1, 0xffff, count + 1));
			// the next-IFD offset pointing back into the chain makes a cycle
			fields.add(Field.integer("next IFD", ifd + 2 + 12 * count, 4, order, with(ifds, 0, file.length)));
		}
		for (Entry e : tiff.entries()) {
			String tag = "tag " + e.tag();
			fields.add(Field.integer(tag + " type", e.at() + 2, 2, order, 1, 3, 4, 5, 16, 0));
			fields.add(Field.integer(tag + " count", e.at() + 4, 4, order, 0, 1, 1_000_000, 100_000_000, 0xffffffffL));
			int width = e.type() == SHORT && e.count() == 1 ? 2 : 4;
			fields.add(Field.integer(tag + " value", e.at() + 8, width, order, candidates(e.tag(), file.length)));
			if ((e.tag() == STRIP_OFFSETS || e.tag() == STRIP_BYTE_COUNTS) && e.count() > 1) {
				int size = e.type() == SHORT ? 2 : 4;
				long array = Bytes.get(file, e.at() + 8, 4, order);
				for (int i = 0; i < e.count() && array + (i + 1L) * size <= file.length; i++)
					fields.add(Field.integer(tag + "[" + i + "]", (int) array + i * size, size, order, 0, 1, file.length));
			}
		}
		return fields;
	}

	private static long[] candidates(int tag, int fileLength) {
		return switch (tag) {
			case WIDTH, HEIGHT -> new long[] { 0, 1, 65535, 1 << 24, 0x7fffffff };
			case BITS -> new long[] { 1, 8, 12, 16, 24, 32, 64 };
			case COMPRESSION -> new long[] { 1, 2, 5, 7, 8, 32773, 32946 };
			case STRIP_OFFSETS, STRIP_BYTE_COUNTS -> new long[] { 0, 1, fileLength - 1, fileLength, 0x7fffffff };
			case SAMPLES -> new long[] { 0, 3, 4, 65535 };
			case ROWS_PER_STRIP -> new long[] { 0, 1 };
			default -> new long[0];
		};
	}

	/** Appends a copy of the ImageJ description with one number replaced and points the entry at it. */
	static byte[] corruptDescription(byte[] file, Random random) {
		Tiff tiff = parse(file);
		Entry description = tiff == null ? null
			: tiff.entries().stream().filter(e -> e.tag() == DESCRIPTION && e.type() == ASCII).findFirst().orElse(null);
		if (description == null) return ByteMutations.overwriteInteresting(file, random);
		long at = Bytes.get(file, description.at() + 8, 4, tiff.order());
		if (description.count() <= 4 || at + description.count() > file.length) return ByteMutations.flipBytes(file, random);
		String text = new String(file, (int) at, (int) description.count(), StandardCharsets.ISO_8859_1);
		List<int[]> numbers = new ArrayList<>();
		for (Matcher m = NUMBER.matcher(text); m.find();)
			numbers.add(new int[] { m.start(), m.end() });
		if (numbers.isEmpty()) return ByteMutations.flipBytes(file, random);
		int[] n = numbers.get(random.nextInt(numbers.size()));
		byte[] replaced = (text.substring(0, n[0]) + Interesting.number(random) + text.substring(n[1]))
			.getBytes(StandardCharsets.ISO_8859_1);
		byte[] out = Arrays.copyOf(file, file.length + replaced.length);
		System.arraycopy(replaced, 0, out, file.length, replaced.length);
		Bytes.put(out, description.at() + 4, 4, tiff.order(), replaced.length);
		Bytes.put(out, description.at() + 8, 4, tiff.order(), file.length);
		return out;
	}

	/** The IFD chain (cycles and out-of-file offsets end it), or null when the file does not start like a TIFF. */
	private static Tiff parse(byte[] file) {
		if (file.length < 8) return null;
		ByteOrder order = file[0] == 'I' && file[1] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: file[0] == 'M' && file[1] == 'M' ? ByteOrder.BIG_ENDIAN : null;
		if (order == null || Bytes.get(file, 2, 2, order) != 42) return null;
		Set<Integer> ifds = new LinkedHashSet<>();
		List<Entry> entries = new ArrayList<>();
		for (long ifd = Bytes.get(file, 4, 4, order); ifd > 0 && ifd + 2 <= file.length && ifds.size() < MAX_IFDS
			&& ifds.add((int) ifd);)
		{
			int count = (int) Bytes.get(file, (int) ifd, 2, order);
			int end = (int) ifd + 2 + 12 * count;
			if (end + 4 > file.length) {
				ifds.remove((int) ifd);
				break;
			}
			for (int k = 0; k < count; k++) {
				int at = (int) ifd + 2 + 12 * k;
				entries.add(new Entry(at, (int) Bytes.get(file, at, 2, order), (int) Bytes.get(file, at + 2, 2, order),
					Bytes.get(file, at + 4, 4, order)));
			}
			ifd = Bytes.get(file, end, 4, order);
		}
		return ifds.isEmpty() ? null : new Tiff(order, List.copyOf(ifds), entries);
	}

	private static long[] with(long[] values, long... more) {
		long[] out = Arrays.copyOf(values, values.length + more.length);
		System.arraycopy(more, 0, out, values.length, more.length);
		return out;
	}
}
