package org.labelfit.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/**
 * The content of a model file's model.json. Method-specific settings live in {@code architecture} and
 * {@code preprocessing}; the typed getters name the missing or bad field ("model.json: missing field
 * 'architecture.width'") so that every method's validation reads the same. The JSON objects are copied on the way
 * in and out, so an instance is immutable.
 *
 * @param formatVersion version of the model file format, {@link #CURRENT_FORMAT} when written by this code
 * @param method        "metaseg", "universeg", "pix2rep", "ossnet" or "unet"
 * @param licence       licence of imported third-party weights, or null
 */
public record ModelInfo(int formatVersion, String method, JsonObject architecture, List<LabelClass> classes,
	JsonObject preprocessing, JsonObject training, String licence)
{

	public static final int CURRENT_FORMAT = 1;
	/** The largest label value LabelFit reads (16-bit labels); also keeps {@link #numClasses()} from overflowing. */
	public static final int MAX_CLASS_INDEX = 65535;
	public static final List<String> METHODS = List.of("metaseg", "universeg", "pix2rep", "ossnet", "unet");

	private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	/** One segmentation class; index 0 is the background. */
	public record LabelClass(int index, String name, String color) {

		public LabelClass {
			if (index < 0 || index > MAX_CLASS_INDEX)
				throw new LabelFitException("model.json: class index " + index + " is not between 0 and " + MAX_CLASS_INDEX);
			if (name == null)
				throw new LabelFitException("model.json: class " + index + " has no name");
			if (color == null || !COLOR.matcher(color).matches())
				throw new LabelFitException("model.json: class " + index + " colour '" + Quoted.of(color) + "' is not #rrggbb");
		}
	}

	public ModelInfo {
		if (method == null || method.isEmpty())
			throw new LabelFitException("model.json: missing field 'method'");
		if (!METHODS.contains(method))
			throw new LabelFitException("model.json: unknown method '" + Quoted.of(method) + "' (expected one of "
				+ String.join(", ", METHODS) + ")");
		architecture = copy(architecture);
		preprocessing = copy(preprocessing);
		training = copy(training);
		classes = List.copyOf(classes == null ? List.of() : classes);
		Set<Integer> seen = new HashSet<>();
		for (LabelClass c : classes)
			if (!seen.add(c.index()))
				throw new LabelFitException("model.json: class index " + c.index() + " appears twice");
	}

	/** A model.json in the current format. */
	public static ModelInfo create(String method, JsonObject architecture, List<LabelClass> classes,
		JsonObject preprocessing, JsonObject training, String licence)
	{
		return new ModelInfo(CURRENT_FORMAT, method, architecture, classes, preprocessing, training, licence);
	}

	private static JsonObject copy(JsonObject o) {
		return o == null ? new JsonObject() : o.deepCopy();
	}

	@Override
	public JsonObject architecture() {
		return architecture.deepCopy();
	}

	@Override
	public JsonObject preprocessing() {
		return preprocessing.deepCopy();
	}

	@Override
	public JsonObject training() {
		return training.deepCopy();
	}

	/** The training provenance as plain Java values (strings, numbers as doubles, lists, maps). */
	@SuppressWarnings("unchecked")
	public Map<String, Object> provenance() {
		return GSON.fromJson(training, LinkedHashMap.class);
	}

	public int architectureInt(String key) {
		return asInt(require(architecture, "architecture", key), "architecture." + key);
	}

	/** An integer from min to max: a file must not size a network, or a loop, by an arbitrary number. */
	public int architectureInt(String key, int min, int max) {
		return within(architectureInt(key), min, max, "architecture." + key);
	}

	public double architectureDouble(String key) {
		return asDouble(require(architecture, "architecture", key), "architecture." + key);
	}

	public double architectureDouble(String key, double min, double max) {
		return within(architectureDouble(key), min, max, "architecture." + key);
	}

	public String architectureString(String key) {
		return asString(require(architecture, "architecture", key), "architecture." + key);
	}

	public boolean architectureBoolean(String key) {
		JsonElement e = require(architecture, "architecture", key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean())
			throw bad("architecture." + key, "true or false");
		return e.getAsBoolean();
	}

	/** A list of {@code minLength} to {@code maxLength} integers, each from min to max. */
	public int[] architectureIntArray(String key, int minLength, int maxLength, int min, int max) {
		String field = "architecture." + key;
		JsonElement e = require(architecture, "architecture", key);
		if (!e.isJsonArray())
			throw bad(field, "a list of integers");
		JsonArray a = e.getAsJsonArray();
		if (a.size() < minLength || a.size() > maxLength)
			throw bad(field, "a list of " + minLength + " to " + maxLength + " integers, not " + a.size());
		int[] values = new int[a.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = within(asInt(a.get(i), field + "[" + i + "]"), min, max, field + "[" + i + "]");
		return values;
	}

	public boolean hasArchitecture(String key) {
		return architecture.has(key) && !architecture.get(key).isJsonNull();
	}

	public int preprocessingInt(String key) {
		return asInt(require(preprocessing, "preprocessing", key), "preprocessing." + key);
	}

	public int preprocessingInt(String key, int min, int max) {
		return within(preprocessingInt(key), min, max, "preprocessing." + key);
	}

	public double preprocessingDouble(String key) {
		return asDouble(require(preprocessing, "preprocessing", key), "preprocessing." + key);
	}

	public double preprocessingDouble(String key, double min, double max) {
		return within(preprocessingDouble(key), min, max, "preprocessing." + key);
	}

	public String preprocessingString(String key) {
		return asString(require(preprocessing, "preprocessing", key), "preprocessing." + key);
	}

	public boolean hasPreprocessing(String key) {
		return preprocessing.has(key) && !preprocessing.get(key).isJsonNull();
	}

	/** Number of classes including the background: the highest class index + 1. */
	public int numClasses() {
		return classes.stream().mapToInt(LabelClass::index).max().orElse(-1) + 1;
	}

	private static JsonElement require(JsonObject section, String sectionName, String key) {
		JsonElement e = section.get(key);
		if (e == null || e.isJsonNull())
			throw new LabelFitException("model.json: missing field '" + sectionName + "." + key + "'");
		return e;
	}

	private static int asInt(JsonElement e, String field) {
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
			throw bad(field, "an integer");
		try {
			return new BigDecimal(e.getAsString()).intValueExact();
		}
		catch (ArithmeticException | NumberFormatException x) {
			throw bad(field, "an integer");
		}
	}

	private static double asDouble(JsonElement e, String field) {
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
			throw bad(field, "a number");
		return e.getAsDouble();
	}

	private static String asString(JsonElement e, String field) {
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
			throw bad(field, "a string");
		return e.getAsString();
	}

	private static int within(int value, int min, int max, String field) {
		if (value < min || value > max)
			throw bad(field, "between " + min + " and " + max + ", not " + value);
		return value;
	}

	private static double within(double value, double min, double max, String field) {
		if (!(value >= min && value <= max))
			throw bad(field, "between " + min + " and " + max + ", not " + value);
		return value;
	}

	private static LabelFitException bad(String field, String expected) {
		return new LabelFitException("model.json: field '" + field + "' must be " + expected);
	}

	/** Pretty JSON, fields in a fixed order. */
	public String toJson() {
		JsonObject o = new JsonObject();
		o.addProperty("formatVersion", formatVersion);
		o.addProperty("method", method);
		o.add("architecture", architecture.deepCopy());
		JsonArray list = new JsonArray();
		for (LabelClass c : classes) {
			JsonObject j = new JsonObject();
			j.addProperty("index", c.index());
			j.addProperty("name", c.name());
			j.addProperty("color", c.color());
			list.add(j);
		}
		o.add("classes", list);
		o.add("preprocessing", preprocessing.deepCopy());
		o.add("training", training.deepCopy());
		if (licence != null)
			o.addProperty("licence", licence);
		return GSON.toJson(o);
	}

	/**
	 * Parses and validates model.json. A format newer than {@link #CURRENT_FORMAT} is refused before anything
	 * else is checked, since its fields may mean something else.
	 */
	public static ModelInfo fromJson(String json) {
		JsonObject o = JsonTree.parseObject(json, "model.json");
		JsonElement version = o.get("formatVersion");
		if (version == null || version.isJsonNull())
			throw new LabelFitException("model.json: missing field 'formatVersion'");
		int format = asInt(version, "formatVersion");
		if (format > CURRENT_FORMAT)
			throw new LabelFitException("model was written by a newer LabelFit (format " + format
				+ "); this version reads format " + CURRENT_FORMAT);
		if (format < 1)
			throw new LabelFitException("model.json: unknown formatVersion " + format);
		String method = asString(requireTop(o, "method"), "method");
		JsonElement classesJson = requireTop(o, "classes");
		if (!classesJson.isJsonArray())
			throw bad("classes", "a list");
		List<LabelClass> classes = new ArrayList<>();
		JsonArray array = classesJson.getAsJsonArray();
		for (int i = 0; i < array.size(); i++) {
			String prefix = "classes[" + i + "]";
			if (!array.get(i).isJsonObject())
				throw bad(prefix, "an object");
			JsonObject c = array.get(i).getAsJsonObject();
			classes.add(new LabelClass(asInt(require(c, prefix, "index"), prefix + ".index"),
				asString(require(c, prefix, "name"), prefix + ".name"),
				asString(require(c, prefix, "color"), prefix + ".color")));
		}
		JsonElement licence = o.get("licence");
		return new ModelInfo(format, method, object(o, "architecture", true), classes,
			object(o, "preprocessing", false), object(o, "training", false),
			licence == null || licence.isJsonNull() ? null : asString(licence, "licence"));
	}

	private static JsonElement requireTop(JsonObject o, String key) {
		JsonElement e = o.get(key);
		if (e == null || e.isJsonNull())
			throw new LabelFitException("model.json: missing field '" + key + "'");
		return e;
	}

	private static JsonObject object(JsonObject o, String key, boolean required) {
		JsonElement e = o.get(key);
		if (e == null || e.isJsonNull()) {
			if (required)
				throw new LabelFitException("model.json: missing field '" + key + "'");
			return new JsonObject();
		}
		if (!e.isJsonObject())
			throw bad(key, "an object");
		return e.getAsJsonObject();
	}
}
