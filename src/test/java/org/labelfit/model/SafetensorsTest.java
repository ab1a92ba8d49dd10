package org.labelfit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;

class SafetensorsTest {

	static final long LIMIT = 1 << 20;

	/** An 8-byte little-endian length, the header, then the given data bytes. */
	static byte[] file(String header, int... data) {
		byte[] json = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(json.length).put(json);
		for (int d : data)
			b.put((byte) d);
		return b.array();
	}

	static String problem(byte[] bytes) {
		return problem(bytes, LIMIT);
	}

	static String problem(byte[] bytes, long limit) {
		return assertThrows(LabelFitException.class, () -> Safetensors.read(bytes, limit)).getMessage();
	}

	@Test
	void roundTripIsBitExact() {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		float nanPayload = Float.intBitsToFloat(0x7fc01234);
		float negativeNan = Float.intBitsToFloat(0xffa00001);
		tensors.put("z.weight", new Tensor(new long[] { 2, 3 },
			new float[] { -0.0f, 0.0f, nanPayload, negativeNan, Float.MIN_VALUE, Float.NEGATIVE_INFINITY }));
		tensors.put("a.bias", Tensor.vector(1.5f, -2.25f));
		tensors.put("scalar", new Tensor(new long[0], new float[] { 42f }));
		tensors.put("empty", new Tensor(new long[] { 0, 5 }, new float[0]));

		for (Map<String, String> metadata : List.of(Map.<String, String>of(), Map.of("format", "pt", "note", "é \"q\""))) {
			byte[] bytes = Safetensors.write(tensors, metadata);
			assertEquals(0, (ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong() % 8));
			Safetensors.Content read = Safetensors.readContent(bytes, LIMIT);
			assertEquals(List.of("a.bias", "empty", "scalar", "z.weight"), List.copyOf(read.tensors().keySet()));
			assertEquals(tensors, read.tensors()); // Tensor equality compares raw bits
			assertEquals(Float.floatToRawIntBits(nanPayload),
				Float.floatToRawIntBits(read.tensors().get("z.weight").get(2)));
			assertEquals(metadata, read.metadata());
			assertArrayEquals(bytes, Safetensors.write(read.tensors(), read.metadata()));
		}
	}

	@Test
	void writesTheSpecifiedLayout() {
		byte[] bytes = Safetensors.write(Map.of("x", Tensor.vector(1f)), null);
		String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"; // 54 bytes, padded to 56
		byte[] expected = file(json + "  ", 0x00, 0x00, 0x80, 0x3f);
		assertArrayEquals(expected, bytes);
	}

	@Test
	void readsAHandWrittenFileInHeaderOrder() {
		String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
			+ "\"__metadata__\":{\"format\":\"pt\"},"
			+ "\"a\":{\"dtype\":\"F16\",\"shape\":[1,5],\"data_offsets\":[8,18]},"
			+ "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[18,22]},"
			+ "\"d\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[22,30]},"
			+ "\"e\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[30,34]},"
			+ "\"f\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[34,42]}}";
		byte[] bytes = file(header,
			0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, // F32 1.5, -2.0
			0x00, 0x3c, 0x00, 0xb8, 0x01, 0x00, 0x00, 0x7c, 0x00, 0xfc, // F16 1.0, -0.5, 2^-24, +inf, -inf
			0x40, 0x40, 0x80, 0xbf, // BF16 3.0, -1.0
			0xf9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // I64 -7
			0x00, 0x00, 0x01, 0x00, // I32 65536
			0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd0, 0x3f); // F64 0.25
		Safetensors.Content c = Safetensors.readContent(bytes, LIMIT);
		assertEquals(List.of("b", "a", "c", "d", "e", "f"), List.copyOf(c.tensors().keySet()));
		assertEquals(Map.of("format", "pt"), c.metadata());
		assertEquals(Tensor.vector(1.5f, -2f), c.tensors().get("b"));
		assertEquals(new Tensor(new long[] { 1, 5 },
			new float[] { 1f, -0.5f, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY }), c.tensors().get("a"));
		assertEquals(Tensor.vector(3f, -1f), c.tensors().get("c"));
		assertEquals(Tensor.vector(-7f), c.tensors().get("d"));
		assertEquals(Tensor.vector(65536f), c.tensors().get("e"));
		assertEquals(Tensor.vector(0.25f), c.tensors().get("f"));
	}

	@Test
	void convertsHalfPrecisionExactly() {
		assertEquals(65504f, Safetensors.halfToFloat((short) 0x7bff));
		assertEquals(0x1p-14f, Safetensors.halfToFloat((short) 0x0400));
		assertEquals(0x3ffp-24f, Safetensors.halfToFloat((short) 0x03ff));
		assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Safetensors.halfToFloat((short) 0x8000)));
		assertTrue(Float.isNaN(Safetensors.halfToFloat((short) 0x7e00)));
	}

	@Test
	void rejectsBrokenHeaders() {
		assertTrue(problem(new byte[5]).contains("too short"));
		byte[] longHeader = file("{}");
		longHeader[0] = (byte) 200;
		assertTrue(problem(longHeader).contains("header length 200 runs past the end"), problem(longHeader));
		assertTrue(problem(file("{\"a\": nope}")).contains("not valid JSON"));
		assertTrue(problem(file("{a:1}")).contains("not valid JSON"));
		assertTrue(problem(file("[1]")).contains("not a JSON object"));
		assertTrue(problem(file("{} {}")).contains("not valid JSON"));
		assertTrue(problem(file("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new int[8]))
			.contains("tensor 'a' has unsupported dtype 'C64'"));
		assertTrue(problem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new int[4]))
			.contains("tensor 'a' shape must hold whole numbers"));
		assertTrue(problem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new int[4]))
			.contains("tensor 'a'"));
		assertTrue(problem(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new int[4]))
			.contains("tensor 'a' lacks 'data_offsets'"));
		String twice = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
			+ "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
		assertTrue(problem(file(twice, new int[8])).contains("'a' appears twice"));
		byte[] badUtf8 = file("{\"\u00e9\":{}}");
		badUtf8[10] = (byte) 0xff;
		assertTrue(problem(badUtf8).contains("not valid UTF-8"));
	}

	@Test
	void rejectsInconsistentOffsets() {
		String sizeMismatch = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}";
		assertTrue(problem(file(sizeMismatch, new int[20])).contains(
			"tensor 'w': data_offsets [0, 20] hold 20 bytes but F32 shape [2, 3] needs 24"), problem(file(sizeMismatch, new int[20])));
		String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
			+ "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
		assertTrue(problem(file(overlap, new int[12])).contains("tensor 'b' overlaps tensor 'a'"));
		String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
			+ "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
		assertTrue(problem(file(gap, new int[12])).contains("tensor 'b' starts at byte 8"));
		String backwards = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}";
		assertTrue(problem(file(backwards, new int[4])).contains("tensor 'a' has invalid data_offsets"));
		String one = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
		assertTrue(problem(file(one, new int[2])).contains("tensor 'a' ends at data byte 4, past the end"));
		assertTrue(problem(file(one, new int[6])).contains("2 unexpected bytes after the last tensor"));
		String huge = "{\"a\":{\"dtype\":\"F32\",\"shape\":[100000000],\"data_offsets\":[0,400000000]}}";
		assertTrue(problem(file(huge, new int[4])).contains("more than the limit"));
	}

	@Test
	void streamsDetectTruncationAndTrailingBytes() {
		byte[] good = Safetensors.write(Map.of("w", Tensor.vector(1, 2, 3, 4)), Map.of());
		byte[] truncated = Arrays.copyOf(good, good.length - 3);
		LabelFitException e = assertThrows(LabelFitException.class,
			() -> Safetensors.read(new ByteArrayInputStream(truncated), -1, LIMIT));
		assertEquals("safetensors: file is truncated inside tensor 'w'", e.getMessage());
		ByteArrayOutputStream longer = new ByteArrayOutputStream();
		longer.writeBytes(good);
		longer.write(0);
		e = assertThrows(LabelFitException.class,
			() -> Safetensors.read(new ByteArrayInputStream(longer.toByteArray()), -1, LIMIT));
		assertTrue(e.getMessage().contains("unexpected bytes after the last tensor"));
		e = assertThrows(LabelFitException.class, () -> Safetensors.read(new ByteArrayInputStream(good), -1, 40));
		assertTrue(e.getMessage().contains("header length") || e.getMessage().contains("limit"), e.getMessage());
	}

	/** Bytes the current thread allocates while running {@code action}, once it has run before (classes loaded). */
	static long allocatedBy(Runnable action) {
		action.run();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		action.run();
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

	@Test
	void decodesStraightIntoTheTensorsArray() {
		int n = 2 << 20;
		float[] values = new float[n];
		values[n - 1] = 7;
		byte[] f32 = Safetensors.write(Map.of("w", Tensor.vector(values)), null);
		long allocated = allocatedBy(() -> {
			try {
				assertEquals(7, Safetensors.read(new ByteArrayInputStream(f32), -1, f32.length).get("w").get(n - 1));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		// the floats and a read buffer of 1 MB; reading the bytes first and copying the floats took 3 times the floats
		assertTrue(allocated < 6L * n, allocated + " bytes allocated for " + 4L * n);
	}

	@Test
	void checksTheHeapBeforeAllocatingAnyTensor() {
		// 1,000 tensors of 2^31 - 9 floats (8.6 TB) declared by a header of 70 kB, and no data at all
		StringBuilder header = new StringBuilder("{");
		long bytes = 4 * Tensor.MAX_ELEMENTS;
		for (int i = 0; i < 1000; i++)
			header.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[")
				.append(Tensor.MAX_ELEMENTS).append("],\"data_offsets\":[").append(i * bytes).append(',')
				.append((i + 1) * bytes).append("]}");
		byte[] file = file(header.append('}').toString());
		String m = assertThrows(LabelFitException.class,
			() -> Safetensors.read(new ByteArrayInputStream(file), -1, Long.MAX_VALUE)).getMessage();
		assertTrue(m.startsWith("safetensors: reading " + 1000 * Tensor.MAX_ELEMENTS + " float values needs 8.6 TB, "), m);
		assertTrue(m.contains(" available (Java heap"), m);
	}

	@Test
	void boundsEntriesAndDimensions() {
		String rank65 = "{\"a\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(64) + "1],\"data_offsets\":[0,4]}}";
		assertEquals("safetensors: tensor 'a' shape holds more than 64 numbers", problem(file(rank65, new int[4])));
		String offsets = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}";
		assertEquals("safetensors: tensor 'a' data_offsets holds more than 2 numbers", problem(file(offsets, new int[4])));
		StringBuilder tensors = new StringBuilder("{");
		StringBuilder metadata = new StringBuilder("{\"__metadata__\":{");
		for (int i = 0; i <= Safetensors.MAX_ENTRIES; i++) {
			tensors.append(i == 0 ? "" : ",").append("\"").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
			metadata.append(i == 0 ? "" : ",").append("\"").append(i).append("\":\"\"");
		}
		assertEquals("safetensors: header has more than 10000 entries",
			problem(file(tensors.append("}").toString()), Long.MAX_VALUE));
		assertEquals("safetensors: header has more than 10000 metadata entries",
			problem(file(metadata.append("}}").toString()), Long.MAX_VALUE));
	}

	@Test
	void namesFromTheFileStayOnOneLine() {
		String name = "evil\\n\\u001b[2J" + "x".repeat(200);
		String m = problem(file("{\"" + name + "\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new int[8]));
		assertTrue(m.startsWith("safetensors: tensor 'evil\\n\\u001b[2Jxxx") && m.endsWith("…' has unsupported dtype 'C64'"), m);
		String twice = "{\"a\\nb\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
			+ "\"a\\nb\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}";
		assertEquals("safetensors: key 'a\\nb' appears twice in the header", problem(file(twice)));
		assertEquals("safetensors: header is not valid JSON (malformed escape \\uppor)", problem(file("{\"\\uppor\": 1}")));
		String json = problem(file("{\"a\\nb\": nope}"));
		assertTrue(json.startsWith("safetensors: header is not valid JSON (") && !json.contains("\n"), json);
	}

	@Test
	void refusesToWriteInvalidNames() {
		Map<String, Tensor> bad = Map.of("__metadata__", Tensor.vector(1));
		assertThrows(LabelFitException.class, () -> Safetensors.write(bad, null));
	}

	@Test
	void tensorValidatesItsShapeAndIsImmutable() {
		LabelFitException e = assertThrows(LabelFitException.class,
			() -> new Tensor(new long[] { 2, 2 }, new float[3]));
		assertEquals("tensor shape [2, 2] needs 4 values but 3 were given", e.getMessage());
		float[] data = { 1, 2 };
		Tensor t = Tensor.vector(data);
		data[0] = 9;
		t.data()[1] = 9;
		assertEquals(Tensor.vector(1, 2), t);
		assertTrue(!Tensor.vector(0f).equals(Tensor.vector(-0f)));
	}
}
