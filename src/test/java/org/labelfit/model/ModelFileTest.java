package org.labelfit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;

class ModelFileTest {

	@TempDir
	Path dir;

	static ModelInfo info(String method) {
		JsonObject arch = new JsonObject();
		arch.addProperty("width", 64);
		arch.addProperty("omega0", 30.0);
		arch.addProperty("dropout", 0.25);
		JsonObject training = new JsonObject();
		training.addProperty("seed", 422);
		training.addProperty("created", "2026-01-01T00:00:00Z");
		return ModelInfo.create(method, arch,
			List.of(new ModelInfo.LabelClass(0, "background", "#000000"), new ModelInfo.LabelClass(1, "RV", "#ff0000")),
			new JsonObject(), training, "CC-BY-4.0");
	}

	static Map<String, Tensor> weights() {
		Map<String, Tensor> w = new LinkedHashMap<>();
		w.put("head.bias", Tensor.vector(-0.0f, Float.intBitsToFloat(0x7fc00abc)));
		float[] values = new float[3 * 70000];
		Random r = new Random(1);
		for (int i = 0; i < values.length; i++)
			values[i] = (float) r.nextGaussian();
		w.put("layer0.weight", new Tensor(new long[] { 3, 70000 }, values));
		return w;
	}

	static byte[] zip(Map<String, byte[]> entries) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream z = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
		return out.toByteArray();
	}

	Path write(String name, byte[] bytes) throws IOException {
		return Files.write(dir.resolve(name), bytes);
	}

	static String problem(Path file) {
		return assertThrows(LabelFitException.class, () -> ModelFile.load(file)).getMessage();
	}

	static Map<String, byte[]> validEntries(String modelJson) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("model.json", modelJson.getBytes(StandardCharsets.UTF_8));
		entries.put("weights.safetensors", Safetensors.write(Map.of("w", Tensor.vector(1f)), null));
		return entries;
	}

	@Test
	void saveAndLoadAreBitExact() {
		Path file = dir.resolve("heart.labelfit");
		ModelFile.save(file, info("metaseg"), weights());
		LoadedModel m = ModelFile.load(file);
		assertEquals(info("metaseg").toJson(), m.info().toJson());
		assertEquals(weights(), m.weights());
		assertEquals(List.of("head.bias", "layer0.weight"), List.copyOf(m.weights().keySet()));
		assertEquals(64, m.info().architectureInt("width"));
		assertEquals(30.0, m.info().architectureDouble("omega0"));
		assertEquals("CC-BY-4.0", m.info().licence());
		assertEquals(2, m.info().numClasses());
		ModelFile.requireMethod(m, "metaseg");
		assertEquals("heart.labelfit is a metaseg model, not an ossnet model",
			assertThrows(LabelFitException.class, () -> ModelFile.requireMethod(m, "ossnet")).getMessage());
		assertEquals(List.of(file), listDir());
	}

	@Test
	void saveReplacesAnExistingFile() {
		Path file = dir.resolve("m.labelfit");
		ModelFile.save(file, info("metaseg"), weights());
		ModelFile.save(file, info("universeg"), Map.of("x", Tensor.vector(2f)));
		LoadedModel m = ModelFile.load(file);
		assertEquals("universeg", m.info().method());
		assertEquals(Map.of("x", Tensor.vector(2f)), m.weights());
		assertEquals(List.of(file), listDir());
	}

	@Test
	void failedOrCancelledSaveKeepsThePreviousFile() throws IOException {
		Path file = dir.resolve("m.labelfit");
		ModelFile.save(file, info("metaseg"), weights());
		byte[] before = Files.readAllBytes(file);

		Map<String, Tensor> invalid = new LinkedHashMap<>(weights());
		invalid.put("__metadata__", Tensor.vector(1f));
		assertThrows(LabelFitException.class, () -> ModelFile.save(file, info("metaseg"), invalid));
		assertArrayEquals(before, Files.readAllBytes(file));
		assertEquals(List.of(file), listDir());

		assertFalse(ModelFile.save(file, info("universeg"), weights(), () -> true));
		AtomicInteger calls = new AtomicInteger();
		// false at the start, true once everything is written: only the final check stops it
		assertFalse(ModelFile.save(file, info("universeg"), weights(), () -> calls.incrementAndGet() > 1));
		assertEquals(2, calls.get());
		assertArrayEquals(before, Files.readAllBytes(file));
		assertEquals(List.of(file), listDir());
	}

	@Test
	void saveRefusesAMissingFolder() {
		LabelFitException e = assertThrows(LabelFitException.class,
			() -> ModelFile.save(dir.resolve("nowhere/m.labelfit"), info("metaseg"), weights()));
		assertTrue(e.getMessage().startsWith("cannot save m.labelfit: folder ") && e.getMessage().endsWith(
			"does not exist"), e.getMessage());
	}

	@Test
	void rejectsFilesThatAreNotModels() throws IOException {
		assertEquals("notes.txt is not a LabelFit model file (not a zip archive)",
			problem(write("notes.txt", "hello".getBytes(StandardCharsets.UTF_8))));
		assertTrue(problem(dir.resolve("absent.labelfit")).endsWith("absent.labelfit does not exist"));
		assertEquals("empty.labelfit is not a LabelFit model file (not a zip archive)",
			problem(write("empty.labelfit", new byte[0])));
		byte[] random = new byte[4096];
		new Random(7).nextBytes(random);
		random[0] = 'P';
		random[1] = 'K';
		random[2] = 3;
		random[3] = 4;
		assertTrue(problem(write("random.labelfit", random)).startsWith("random.labelfit is damaged ("));
		Map<String, byte[]> onlyInfo = validEntries(info("metaseg").toJson());
		onlyInfo.remove("weights.safetensors");
		assertEquals("a.labelfit is not a LabelFit model file (no weights.safetensors)",
			problem(write("a.labelfit", zip(onlyInfo))));
	}

	@Test
	void rejectsTruncatedAndCorruptedFiles() throws IOException {
		Path file = dir.resolve("m.labelfit");
		ModelFile.save(file, info("metaseg"), weights());
		byte[] bytes = Files.readAllBytes(file);
		String truncated = problem(write("cut.labelfit", Arrays.copyOf(bytes, bytes.length / 2)));
		assertTrue(truncated.startsWith("cut.labelfit is damaged ("), truncated);
		assertFalse(truncated.contains("\n"));

		// flip one byte of a stored weight: only the checksum can notice
		byte[] flipped = bytes.clone();
		flipped[bytes.length / 2] ^= 0x10;
		assertEquals("flipped.labelfit is damaged (weights.safetensors fails its checksum)",
			problem(write("flipped.labelfit", flipped)));
	}

	@Test
	void rejectsUnsafeAndUnexpectedEntries() throws IOException {
		Map<String, byte[]> evil = validEntries(info("metaseg").toJson());
		evil.put("../evil", new byte[] { 1 });
		assertEquals("evil.labelfit contains a suspicious entry '../evil'; refusing to load it",
			problem(write("evil.labelfit", zip(evil))));
		Map<String, byte[]> backslash = validEntries(info("metaseg").toJson());
		backslash.put("a\\b", new byte[] { 1 });
		assertTrue(problem(write("bs.labelfit", zip(backslash))).contains("suspicious entry"));
		Map<String, byte[]> extra = validEntries(info("metaseg").toJson());
		extra.put("notes.txt", new byte[] { 1 });
		assertEquals("x.labelfit is not a LabelFit model file (unexpected entry 'notes.txt')",
			problem(write("x.labelfit", zip(extra))));
	}

	@Test
	void rejectsOversizedEntries() throws IOException {
		String big = info("metaseg").toJson() + " ".repeat(1 << 20);
		assertEquals("big.labelfit: model.json is larger than the limit of 1048576 bytes",
			problem(write("big.labelfit", zip(validEntries(big)))));

		// the archive claims model.json is small: the bytes actually inflated are what count
		byte[] lying = zip(validEntries(big));
		int cen = lastIndexOf(lying, new byte[] { 'P', 'K', 1, 2 }, "model.json");
		ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, 100);
		assertEquals("lying.labelfit: model.json is larger than the limit of 1048576 bytes",
			problem(write("lying.labelfit", lying)));
	}

	/** Offset of the central directory header of the named entry. */
	static int lastIndexOf(byte[] bytes, byte[] signature, String name) {
		byte[] n = name.getBytes(StandardCharsets.UTF_8);
		for (int i = bytes.length - 46; i >= 0; i--)
			if (Arrays.equals(bytes, i, i + 4, signature, 0, 4) && Arrays.equals(bytes, i + 46, i + 46 + n.length, n, 0, n.length))
				return i;
		throw new AssertionError("no central directory entry " + name);
	}

	@Test
	void rejectsNewerFormatsAndMissingFields() throws IOException {
		String future = info("metaseg").toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 7");
		assertEquals("future.labelfit: model was written by a newer LabelFit (format 7); this version reads format 1",
			problem(write("future.labelfit", zip(validEntries(future)))));
		String noMethod = info("metaseg").toJson().replace("\"method\": \"metaseg\",", "");
		assertEquals("nm.labelfit: model.json: missing field 'method'",
			problem(write("nm.labelfit", zip(validEntries(noMethod)))));
		String badColor = info("metaseg").toJson().replace("#ff0000", "red");
		assertEquals("c.labelfit: model.json: class 1 colour 'red' is not #rrggbb",
			problem(write("c.labelfit", zip(validEntries(badColor)))));
		assertTrue(problem(write("j.labelfit", zip(validEntries("{\"formatVersion\": 1,")))).startsWith(
			"j.labelfit: model.json is not valid JSON"));

		LoadedModel m = ModelFile.load(write("ok.labelfit", zip(validEntries(info("metaseg").toJson()))));
		assertEquals("model.json: missing field 'architecture.depth'",
			assertThrows(LabelFitException.class, () -> m.info().architectureInt("depth")).getMessage());
		assertEquals(30, m.info().architectureInt("omega0")); // 30.0 is a whole number
		assertEquals("model.json: field 'architecture.dropout' must be an integer",
			assertThrows(LabelFitException.class, () -> m.info().architectureInt("dropout")).getMessage());
		assertEquals("model.json: field 'architecture.width' must be a string",
			assertThrows(LabelFitException.class, () -> m.info().architectureString("width")).getMessage());
	}

	@Test
	void brokenWeightsNameTheFileAndTheTensor() throws IOException {
		Map<String, byte[]> entries = validEntries(info("metaseg").toJson());
		byte[] weights = entries.get("weights.safetensors");
		entries.put("weights.safetensors", Arrays.copyOf(weights, weights.length - 1));
		String p = problem(write("w.labelfit", zip(entries)));
		// the entry's declared size already shows the header asks for more than is there
		assertEquals("w.labelfit: safetensors: tensor 'w' ends at data byte 4, past the end of the file", p);
	}

	/** model.json with {@code arrays} arrays nested inside architecture.x (itself two levels deep). */
	static String nested(int arrays) {
		return info("metaseg").toJson().replace("\"width\": 64", "\"x\": " + "[".repeat(arrays) + "]".repeat(arrays));
	}

	@Test
	void refusesDeepNestingBeforeBuildingATree() throws IOException {
		// 5,000 levels overflowed the stack in Gson's recursive deepCopy; the archive is a few hundred bytes
		byte[] deep = zip(validEntries(nested(5000)));
		assertTrue(deep.length < 1000, deep.length + " bytes");
		assertEquals("deep.labelfit: model.json: nested deeper than 64 levels", problem(write("deep.labelfit", deep)));
		assertEquals("edge.labelfit: model.json: nested deeper than 64 levels",
			problem(write("edge.labelfit", zip(validEntries(nested(JsonTree.MAX_DEPTH - 1))))));
		LoadedModel m = ModelFile.load(write("ok.labelfit", zip(validEntries(nested(JsonTree.MAX_DEPTH - 2)))));
		assertEquals(m.info().toJson(), ModelInfo.fromJson(m.info().toJson()).toJson());
	}

	@Test
	void messagesQuotingTheFileStayOnOneLine() throws IOException {
		String badJson = "{\"formatVersion\": 1, \"line\nbreak" + "x".repeat(500) + "\": nope}";
		String p = problem(write("j.labelfit", zip(validEntries(badJson))));
		// Gson's message quotes the JSON path, raw newline and all
		assertTrue(p.startsWith("j.labelfit: model.json is not valid JSON (") && p.endsWith("…)"), p);
		assertFalse(p.contains("\n"), p);

		assertEquals("e.labelfit: model.json is not valid JSON (malformed escape \\uppor)",
			problem(write("e.labelfit", zip(validEntries("{\"\\uppor\": 1}")))));

		String method = info("metaseg").toJson().replace("\"method\": \"metaseg\"", "\"method\": \"meta\\nseg\"");
		assertEquals("m.labelfit: model.json: unknown method 'meta\\nseg' (expected one of metaseg, universeg, pix2rep, "
			+ "ossnet, unet)", problem(write("m.labelfit", zip(validEntries(method)))));

		Map<String, byte[]> entries = validEntries(info("metaseg").toJson());
		entries.put("notes\r\n.txt", new byte[] { 1 });
		assertEquals("x.labelfit is not a LabelFit model file (unexpected entry 'notes\\r\\n.txt')",
			problem(write("x.labelfit", zip(entries))));
	}

	@Test
	void refusesClassIndicesBeyondSixteenBitLabels() throws IOException {
		String huge = info("metaseg").toJson().replace("\"index\": 1,", "\"index\": 2147483647,");
		assertEquals("c.labelfit: model.json: class index 2147483647 is not between 0 and 65535",
			problem(write("c.labelfit", zip(validEntries(huge)))));
	}

	@Test
	void refusesAHugeTensorInASmallArchiveBeforeInflatingIt() throws IOException {
		// a header declaring 1 GiB of floats, with 4 bytes of data: the declared entry size gives it away at once
		String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[268435456],\"data_offsets\":[0,1073741824]}}";
		Map<String, byte[]> entries = validEntries(info("metaseg").toJson());
		entries.put("weights.safetensors", SafetensorsTest.file(header, 0, 0, 0, 0));
		byte[] bomb = zip(entries);
		assertTrue(bomb.length < 2000, bomb.length + " bytes");
		assertEquals("b.labelfit: safetensors: tensor 'w' ends at data byte 1073741824, past the end of the file",
			problem(write("b.labelfit", bomb)));
	}

	@Test
	void loadingHoldsTheWeightsOnce() {
		Path file = dir.resolve("big.labelfit");
		int n = 2 << 20;
		ModelFile.save(file, info("metaseg"), Map.of("w", new Tensor(new long[] { n }, new float[n])));
		long allocated = SafetensorsTest.allocatedBy(() -> assertEquals(n, ModelFile.load(file).weights().get("w").size()));
		// the floats and a little for buffers: no copy of the bytes, no second copy of the floats
		assertTrue(allocated < 6L * n, allocated + " bytes allocated for " + 4L * n);
	}

	List<Path> listDir() {
		try (Stream<Path> s = Files.list(dir)) {
			return s.sorted().toList();
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}
}
