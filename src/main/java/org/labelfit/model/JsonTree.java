package org.labelfit.model;

import java.io.IOException;
import java.io.StringReader;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/**
 * Parses a file's JSON object strictly, and refuses nesting deeper than {@value #MAX_DEPTH} levels while it reads,
 * before the level is built: Gson's {@code deepCopy} and serialisation recurse once per level, so a few kilobytes of
 * brackets (a few hundred bytes zipped) would otherwise overflow the stack.
 */
final class JsonTree {

	static final int MAX_DEPTH = 64;

	/** Gson's reader of leaves, which keeps a number's text as written. */
	private static final TypeAdapter<JsonElement> LEAVES = new Gson().getAdapter(JsonElement.class);

	private JsonTree() {}

	/** {@code what} names the file in messages ("model.json"). */
	static JsonObject parseObject(String json, String what) {
		// a strict reader: Gson's JsonParser would accept unquoted names and trailing garbage
		try (JsonReader r = new JsonReader(new StringReader(json))) {
			if (r.peek() != JsonToken.BEGIN_OBJECT)
				throw new LabelFitException(what + " is not a JSON object");
			JsonElement e = read(r, 1, what);
			if (r.peek() != JsonToken.END_DOCUMENT)
				throw new LabelFitException(what + " has content after its JSON object");
			return e.getAsJsonObject();
		}
		catch (IOException | IllegalStateException | NumberFormatException e) {
			throw new LabelFitException(what + " is not valid JSON (" + problem(e) + ")");
		}
	}

	/** A Gson reader's failure in a few words; a malformed unicode escape makes it throw NumberFormatException. */
	static String problem(Exception e) {
		return (e instanceof NumberFormatException ? "malformed escape " : "") + Quoted.of(e.getMessage());
	}

	private static JsonElement read(JsonReader r, int depth, String what) throws IOException {
		JsonToken token = r.peek();
		if (token != JsonToken.BEGIN_ARRAY && token != JsonToken.BEGIN_OBJECT)
			return LEAVES.read(r);
		if (depth > MAX_DEPTH)
			throw new LabelFitException(what + ": nested deeper than " + MAX_DEPTH + " levels");
		if (token == JsonToken.BEGIN_ARRAY) {
			JsonArray a = new JsonArray();
			r.beginArray();
			while (r.hasNext())
				a.add(read(r, depth + 1, what));
			r.endArray();
			return a;
		}
		JsonObject o = new JsonObject();
		r.beginObject();
		while (r.hasNext())
			o.add(r.nextName(), read(r, depth + 1, what));
		r.endObject();
		return o;
	}
}
