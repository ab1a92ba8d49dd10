package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy damage: the shape tuple and dtype in the header dict, the fortran_order flag, the dict's text, the version
 * byte and the header length. Rewritten headers usually keep their length field right (so the damage reaches the
 * parser of the dict), sometimes not.
 */
final class NpyMutations {

	private static final Pattern SHAPE = Pattern.compile("\\(([^)]*)\\)");
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final String[] DTYPES = { "<f4", "<f8", "<f2", ">f4", ">f8", "|u1", "|i1", "|b1", "<i2", "<u2", "<i4", "<u4",
		"<i8", "<u8", "<c8", "<U4", "|S3", "|O", "|V8", "", "<", "f4", "<f4\n", "<f4'", "<f16" };
	private static final String[] ORDERS = { "True", "False", "1", "None", "'False'" };
	private static final String[] TEXT = { "\n", "\r", "'", "\"", ",", ")", "(", "}", "{", ":", "\u00e9", "\0" };

	private record Npy(int headerStart, int lengthWidth, String header, byte[] data) {}

	private NpyMutations() {}

	static List<Mutation> all() {
		return List.of(header(NpyMutations::shape), header(NpyMutations::shape), header(NpyMutations::dtype),
			header(NpyMutations::order), header(NpyMutations::text), Field.corrupting(NpyMutations::locate));
	}

	/** The version byte and the header length. */
	static List<Field> locate(byte[] file) {
		Npy npy = parse(file);
		if (npy == null) return List.of();
		return List.of(Field.integer("major version", 6, 1, ByteOrder.LITTLE_ENDIAN, 0, 1, 2, 3, 255),
			Field.integer("header length", 8, npy.lengthWidth(), ByteOrder.LITTLE_ENDIAN, 0, 1, 0xffff, file.length, 1 << 20,
				(1 << 20) + 1));
	}

	/** One size replaced by an edge, or a whole new tuple of edges ("(268435456,)", "(2147483648, 8589934591)"). */
	private static String shape(String header, Random random) {
		Matcher m = SHAPE.matcher(header);
		if (!m.find()) return text(header, random);
		String[] dims = m.group(1).split(",");
		String tuple;
		if (random.nextBoolean() && !m.group(1).isBlank()) {
			int i = random.nextInt(dims.length);
			dims[i] = Interesting.number(random);
			tuple = String.join(",", dims);
		}
		else {
			String[] edges = new String[random.nextInt(4)];
			Arrays.setAll(edges, i -> Interesting.number(random));
			tuple = edges.length == 1 ? edges[0] + "," : String.join(", ", edges);
		}
		return header.substring(0, m.start(1)) + tuple + header.substring(m.end(1));
	}

	private static String dtype(String header, Random random) {
		Matcher m = DESCR.matcher(header);
		if (!m.find()) return text(header, random);
		return header.substring(0, m.start(1)) + DTYPES[random.nextInt(DTYPES.length)] + header.substring(m.end(1));
	}

	private static String order(String header, Random random) {
		return header.replaceFirst("(True|False)", ORDERS[random.nextInt(ORDERS.length)]);
	}

	private static String text(String header, Random random) {
		int at = random.nextInt(header.length() + 1);
		return random.nextInt(3) == 0 ? header.substring(0, at) + header.substring(Math.min(header.length(), at + 1 + random.nextInt(8)))
			: header.substring(0, at) + TEXT[random.nextInt(TEXT.length)] + header.substring(at);
	}

	private interface HeaderMutation {
		String apply(String header, Random random);
	}

	private static Mutation header(HeaderMutation m) {
		return (file, random) -> {
			Npy npy = parse(file);
			if (npy == null) return ByteMutations.flipBytes(file, random);
			return build(file, npy, m.apply(npy.header(), random), random.nextInt(10) < 7);
		};
	}

	/** The file with a new header dict; with {@code fixLength}, padded as NumPy pads and its length field updated. */
	private static byte[] build(byte[] file, Npy npy, String header, boolean fixLength) {
		StringBuilder text = new StringBuilder(header);
		if (fixLength) {
			while (text.length() > 0 && Character.isWhitespace(text.charAt(text.length() - 1))) text.setLength(text.length() - 1);
			while ((npy.headerStart() + text.length() + 1) % 64 != 0) text.append(' ');
			text.append('\n');
		}
		byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] out = new byte[npy.headerStart() + bytes.length + npy.data().length];
		System.arraycopy(file, 0, out, 0, npy.headerStart());
		System.arraycopy(bytes, 0, out, npy.headerStart(), bytes.length);
		System.arraycopy(npy.data(), 0, out, npy.headerStart() + bytes.length, npy.data().length);
		if (fixLength) Bytes.put(out, 8, npy.lengthWidth(), ByteOrder.LITTLE_ENDIAN, bytes.length);
		return out;
	}

	/** Magic, version, header length and dict as written, or null when the file does not start like an .npy. */
	private static Npy parse(byte[] file) {
		if (file.length < 10 || file[0] != (byte) 0x93 || !new String(file, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY"))
			return null;
		int width = file[6] == 1 ? 2 : 4;
		int start = 8 + width;
		long length = file.length < start ? -1 : Bytes.get(file, 8, width, ByteOrder.LITTLE_ENDIAN);
		if (length < 0 || start + length > file.length) return null;
		String header = new String(file, start, (int) length, StandardCharsets.ISO_8859_1);
		return new Npy(start, width, header, Arrays.copyOfRange(file, start + (int) length, file.length));
	}
}
