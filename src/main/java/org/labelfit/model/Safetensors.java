package org.labelfit.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/**
 * Reader and writer of the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * ({"name": {"dtype", "shape", "data_offsets": [begin, end]}, ..., "__metadata__": {string: string}}), then the
 * little-endian data, tensors back to back. Written by hand rather than through DJL so that files are checked
 * strictly before anything is allocated for them, and so that no native engine is needed to open a model.
 * <p>
 * Writes F32 only, tensors sorted by name, the header padded with spaces to a multiple of 8. Reads F32, F16, BF16,
 * F64, I64 and I32, converting everything to float.
 */
public final class Safetensors {

	/** The reference implementation's limit on the header size. */
	public static final long MAX_HEADER_BYTES = 100L << 20;
	/** Far more than any network has: a header of tiny entries must not fill the heap with bookkeeping. */
	public static final int MAX_ENTRIES = 10_000;
	/** NumPy's limit on the number of dimensions. */
	public static final int MAX_RANK = 64;

	private static final String METADATA = "__metadata__";
	/** Read and convert in pieces of this many bytes (a multiple of every dtype size). */
	private static final int CHUNK = 1 << 20;

	/** Everything a file holds: tensors in header order, and the free-form metadata. */
	public record Content(Map<String, Tensor> tensors, Map<String, String> metadata) {}

	private enum DType {
		F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4);

		final int size;

		DType(int size) {
			this.size = size;
		}
	}

	private record Entry(String name, DType dtype, long[] shape, long begin, long end) {

		long count() {
			return (end - begin) / dtype.size;
		}
	}

	private Safetensors() {}

	public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			write(out, tensors, metadata);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	/** Writes the file to {@code out}; metadata may be null or empty (then no "__metadata__" is written). */
	public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
		throws IOException
	{
		TreeMap<String, Tensor> sorted = new TreeMap<>();
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			String name = e.getKey();
			if (name == null || name.isEmpty() || name.equals(METADATA))
				throw new LabelFitException("safetensors: invalid tensor name '" + name + "'");
			if (e.getValue() == null)
				throw new LabelFitException("safetensors: tensor '" + name + "' is null");
			sorted.put(name, e.getValue());
		}
		byte[] json = header(sorted, metadata == null ? Map.of() : metadata);
		int padded = (json.length + 7) / 8 * 8;
		out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
		out.write(json);
		out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
		ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
		for (Tensor t : sorted.values()) {
			int n = t.size();
			for (int i = 0; i < n;) {
				buf.clear();
				int end = Math.min(n, i + CHUNK / 4);
				for (; i < end; i++)
					buf.putFloat(t.get(i));
				out.write(buf.array(), 0, buf.position());
			}
		}
		out.flush();
	}

	private static byte[] header(TreeMap<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
		StringWriter sw = new StringWriter();
		JsonWriter w = new JsonWriter(sw);
		w.beginObject();
		if (!metadata.isEmpty()) {
			w.name(METADATA).beginObject();
			TreeMap<String, String> sorted = new TreeMap<>();
			for (Map.Entry<String, String> e : metadata.entrySet()) {
				if (e.getKey() == null || e.getValue() == null)
					throw new LabelFitException("safetensors: metadata '" + e.getKey() + "' is null");
				sorted.put(e.getKey(), e.getValue());
			}
			for (Map.Entry<String, String> e : sorted.entrySet())
				w.name(e.getKey()).value(e.getValue());
			w.endObject();
		}
		long offset = 0;
		for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
			Tensor t = e.getValue();
			long bytes = 4L * t.size();
			w.name(e.getKey()).beginObject().name("dtype").value("F32").name("shape").beginArray();
			for (long d : t.shape())
				w.value(d);
			w.endArray().name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
			w.endObject();
			offset += bytes;
		}
		w.endObject().close();
		return sw.toString().getBytes(StandardCharsets.UTF_8);
	}

	public static Map<String, Tensor> read(byte[] bytes, long maxBytes) {
		return readContent(bytes, maxBytes).tensors();
	}

	/**
	 * Reads a whole file from {@code in}, which must end right after the last tensor. {@code length} is the number
	 * of bytes the stream claims to hold (a file's size, a zip entry's declared size), or -1 when unknown: the header
	 * is checked against it before any tensor is read or inflated. At most {@code maxBytes} are read; every
	 * inconsistency is a {@link LabelFitException} naming the problem and the tensor.
	 */
	public static Map<String, Tensor> read(InputStream in, long length, long maxBytes) throws IOException {
		return content(in, length, maxBytes).tensors();
	}

	public static Content readContent(byte[] bytes, long maxBytes) {
		try {
			return content(new ByteArrayInputStream(bytes), bytes.length, maxBytes);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * {@code available}: the input length when known, else -1. The floats are allocated only once the heap is known
	 * to hold them all, and filled straight from the stream, without a copy of the bytes.
	 */
	private static Content content(InputStream in, long available, long maxBytes) throws IOException {
		byte[] prefix = in.readNBytes(8);
		if (prefix.length < 8)
			throw fail("too short (" + prefix.length + " bytes) to be a safetensors file");
		long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
		if (available >= 0 && (n < 0 || n > available - 8))
			throw fail("header length " + Long.toUnsignedString(n) + " runs past the end of the file ("
				+ available + " bytes)");
		if (n < 2 || n > MAX_HEADER_BYTES || n > maxBytes - 8)
			throw fail("implausible header length " + Long.toUnsignedString(n));
		byte[] json = in.readNBytes((int) n);
		if (json.length < n)
			throw fail("file is truncated inside the header");
		Map<String, String> metadata = new LinkedHashMap<>();
		List<Entry> entries = parseHeader(decodeUtf8(json), metadata);

		List<Entry> byOffset = new ArrayList<>(entries);
		byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
		long expected = 0;
		String previous = null;
		for (Entry e : byOffset) {
			if (e.begin < expected)
				throw fail(tensor(e.name) + " overlaps " + tensor(previous));
			if (e.begin > expected)
				throw fail(tensor(e.name) + " starts at byte " + e.begin + " but the previous tensor ends at "
					+ expected + " (data must be contiguous)");
			expected = e.end;
			previous = e.name;
		}
		long total = 8 + n + expected;
		if (total > maxBytes)
			throw fail("the tensors need " + total + " bytes, more than the limit of " + maxBytes);
		if (available >= 0 && total != available) {
			if (total < available)
				throw fail((available - total) + " unexpected bytes after the last tensor");
			Entry last = byOffset.get(byOffset.size() - 1);
			throw fail(tensor(last.name) + " ends at data byte " + last.end + ", past the end of the file");
		}
		long values = 0;
		for (Entry e : entries)
			values = Math.addExact(values, e.count());
		HeapBudget.require(Math.multiplyExact(values, Float.BYTES), "safetensors: reading " + values + " float values");

		Map<String, Tensor> read = new HashMap<>();
		byte[] buffer = new byte[(int) Math.min(CHUNK, expected)];
		for (Entry e : byOffset)
			read.put(e.name, readTensor(in, e, buffer));
		if (in.read() != -1)
			throw fail("unexpected bytes after the last tensor");
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		for (Entry e : entries)
			tensors.put(e.name, read.get(e.name));
		return new Content(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
	}

	private static String decodeUtf8(byte[] bytes) {
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
			return chars.toString();
		}
		catch (CharacterCodingException e) {
			throw fail("header is not valid UTF-8");
		}
	}

	private static List<Entry> parseHeader(String json, Map<String, String> metadata) {
		List<Entry> entries = new ArrayList<>();
		Set<String> names = new HashSet<>();
		try (JsonReader r = new JsonReader(new StringReader(json))) {
			if (r.peek() != JsonToken.BEGIN_OBJECT)
				throw fail("header is not a JSON object");
			r.beginObject();
			while (r.hasNext()) {
				String name = r.nextName();
				if (!names.add(name))
					throw fail("key '" + Quoted.of(name) + "' appears twice in the header");
				if (names.size() > MAX_ENTRIES)
					throw fail("header has more than " + MAX_ENTRIES + " entries");
				if (name.equals(METADATA)) {
					r.beginObject();
					while (r.hasNext()) {
						metadata.put(r.nextName(), r.nextString());
						if (metadata.size() > MAX_ENTRIES)
							throw fail("header has more than " + MAX_ENTRIES + " metadata entries");
					}
					r.endObject();
				}
				else {
					entries.add(parseEntry(r, name));
				}
			}
			r.endObject();
			if (r.peek() != JsonToken.END_DOCUMENT)
				throw fail("unexpected content after the header's JSON object");
		}
		catch (IOException | IllegalStateException | NumberFormatException e) {
			throw fail("header is not valid JSON (" + JsonTree.problem(e) + ")");
		}
		return entries;
	}

	private static Entry parseEntry(JsonReader r, String name) throws IOException {
		String what = tensor(name);
		String dtype = null;
		List<Long> shape = null;
		List<Long> offsets = null;
		r.beginObject();
		while (r.hasNext()) {
			String field = r.nextName();
			switch (field) {
				case "dtype" -> dtype = r.nextString();
				case "shape" -> shape = readLongs(r, what + " shape", MAX_RANK);
				case "data_offsets" -> offsets = readLongs(r, what + " data_offsets", 2);
				default -> throw fail(what + " has an unknown field '" + Quoted.of(field) + "'");
			}
		}
		r.endObject();
		if (dtype == null || shape == null || offsets == null)
			throw fail(what + " lacks '" + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets") + "'");
		DType type;
		try {
			type = DType.valueOf(dtype);
		}
		catch (IllegalArgumentException e) {
			throw fail(what + " has unsupported dtype '" + Quoted.of(dtype) + "'");
		}
		long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
		long count;
		try {
			count = Tensor.elementCount(dims);
		}
		catch (LabelFitException e) {
			throw fail(what + ": " + e.getMessage());
		}
		if (offsets.size() != 2 || offsets.get(0) < 0 || offsets.get(1) < offsets.get(0))
			throw fail(what + " has invalid data_offsets " + offsets);
		long begin = offsets.get(0), end = offsets.get(1);
		if (end - begin != count * type.size)
			throw fail(what + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin) + " bytes but "
				+ type + " shape " + Arrays.toString(dims) + " needs " + count * type.size);
		return new Entry(name, type, dims, begin, end);
	}

	private static List<Long> readLongs(JsonReader r, String what, int max) throws IOException {
		List<Long> values = new ArrayList<>();
		r.beginArray();
		while (r.hasNext()) {
			if (values.size() == max)
				throw fail(what + " holds more than " + max + " numbers");
			if (r.peek() != JsonToken.NUMBER)
				throw fail(what + " must hold numbers");
			String s = r.nextString();
			try {
				values.add(Long.parseLong(s));
			}
			catch (NumberFormatException e) {
				throw fail(what + " must hold whole numbers, not " + Quoted.of(s));
			}
		}
		r.endArray();
		return values;
	}

	/** Decodes {@code buffer}-sized pieces straight into the tensor's array, which the tensor then keeps. */
	private static Tensor readTensor(InputStream in, Entry e, byte[] buffer) throws IOException {
		float[] values = new float[(int) e.count()];
		ByteBuffer b = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
		int k = 0;
		for (long left = e.end - e.begin; left > 0;) {
			int want = (int) Math.min(left, buffer.length);
			if (in.readNBytes(buffer, 0, want) < want)
				throw fail("file is truncated inside " + tensor(e.name));
			k = decode(b.clear().limit(want), e.dtype, values, k);
			left -= want;
		}
		return Tensor.adopt(e.shape, values);
	}

	private static int decode(ByteBuffer b, DType type, float[] out, int k) {
		switch (type) {
			case F32 -> {
				int n = b.remaining() / 4;
				b.asFloatBuffer().get(out, k, n);
				return k + n;
			}
			case F16 -> {
				while (b.hasRemaining())
					out[k++] = halfToFloat(b.getShort());
			}
			case BF16 -> {
				while (b.hasRemaining())
					out[k++] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
			}
			case F64 -> {
				while (b.hasRemaining())
					out[k++] = (float) b.getDouble();
			}
			case I64 -> {
				while (b.hasRemaining())
					out[k++] = b.getLong();
			}
			case I32 -> {
				while (b.hasRemaining())
					out[k++] = b.getInt();
			}
		}
		return k;
	}

	/** IEEE 754 binary16 to float, exact (every half value is a float). */
	static float halfToFloat(short half) {
		int h = half & 0xffff;
		int sign = (h & 0x8000) << 16;
		int exponent = (h >>> 10) & 0x1f;
		int mantissa = h & 0x3ff;
		if (exponent == 0x1f)
			return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
		if (exponent == 0) {
			float v = mantissa * 0x1p-24f;
			return sign == 0 ? v : -v;
		}
		return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
	}

	/** "tensor 'name'", the name made safe for a one-line message. */
	private static String tensor(String name) {
		return "tensor '" + Quoted.of(name) + "'";
	}

	private static LabelFitException fail(String problem) {
		return new LabelFitException("safetensors: " + problem);
	}
}
