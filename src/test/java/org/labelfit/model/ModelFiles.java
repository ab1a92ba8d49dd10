package org.labelfit.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Test helpers for crafting model files: zero weights of given shapes, and model.json edited in place. */
public final class ModelFiles {

	private ModelFiles() {}

	/** A zero tensor for every name → shape. */
	public static Map<String, Tensor> zeros(Map<String, long[]> shapes) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		shapes.forEach((name, shape) -> out.put(name, new Tensor(shape, new float[(int) Tensor.elementCount(shape)])));
		return out;
	}

	/** A copy of {@code model}, "bad.labelfit" beside it, whose model.json has {@code section.key} set to {@code value}. */
	public static Path copyWith(Path model, String section, String key, Object value) {
		try {
			Path copy = Files.copy(model, model.resolveSibling("bad.labelfit"), StandardCopyOption.REPLACE_EXISTING);
			editInfo(copy, info -> info.getAsJsonObject(section).add(key, new Gson().toJsonTree(value)));
			return copy;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Rewrites {@code file} with its model.json changed by {@code edit}, the weights as they were. */
	public static void editInfo(Path file, Consumer<JsonObject> edit) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (ZipEntry e : Collections.list(zip.entries()))
				entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		JsonObject info = JsonParser.parseString(new String(entries.get(ModelFile.INFO_ENTRY), StandardCharsets.UTF_8))
			.getAsJsonObject();
		edit.accept(info);
		entries.put(ModelFile.INFO_ENTRY, info.toString().getBytes(StandardCharsets.UTF_8));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream z = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
			z.finish();
			Files.write(file, out.toByteArray());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
