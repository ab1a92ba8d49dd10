package org.labelfit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crafted JSON: edge numbers in place of sizes, values nested thousands deep, keys and strings with newlines,
 * repeated keys, values of the wrong type, cut or stray punctuation. Works on the text's tokens, so the rest of the
 * document stays as valid as it was.
 */
final class JsonMutations {

	private static final Pattern TOKEN = Pattern.compile("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null");
	private static final int[] DEPTHS = { 64, 1000, 5000, 20000 };
	private static final String[] WRONG_TYPES = { "null", "true", "\"x\"", "\"\"", "[]", "{}", "[1, 2]", "{\"a\": 1}", "-1", "\"1\"" };
	private static final String[] INSERTIONS = { "\\n", "\n", "\r\n", "\\u0000", "\t", "\\\"", "\u2028", "\\ud800" };
	private static final String[] STRAYS = { ",", "]", "}", ":", "\"", "\\", "[", "{", "/*", " " };

	private record Token(int start, int end, String text, boolean key) {}

	private JsonMutations() {}

	/** Each mutation on UTF-8 JSON bytes. */
	static List<Mutation> all() {
		return List.of(text(JsonMutations::edgeNumber), text(JsonMutations::edgeNumber), text(JsonMutations::nest),
			text(JsonMutations::breakString), text(JsonMutations::repeatKey), text(JsonMutations::wrongType),
			text(JsonMutations::longString), text(JsonMutations::stray));
	}

	private interface TextMutation {
		String apply(String json, List<Token> tokens, Random random);
	}

	private static Mutation text(TextMutation m) {
		return (file, random) -> {
			String json = new String(file, StandardCharsets.UTF_8);
			List<Token> tokens = tokens(json);
			return tokens.isEmpty() ? ByteMutations.flipBytes(file, random)
				: m.apply(json, tokens, random).getBytes(StandardCharsets.UTF_8);
		};
	}

	/** An edge number in place of the value of a numeric field ("sine_layers": 5), which readers take as a size or count. */
	static Mutation fieldNumber() {
		return text((json, tokens, random) -> edgeNumber(json, tokens, random, true));
	}

	/** Half of the time a field's value, else any number (most are in arrays: shapes, offsets). */
	private static String edgeNumber(String json, List<Token> tokens, Random random) {
		return edgeNumber(json, tokens, random, random.nextBoolean());
	}

	private static String edgeNumber(String json, List<Token> tokens, Random random, boolean fieldValue) {
		List<Token> fieldValues = new ArrayList<>();
		for (int i = 1; i < tokens.size(); i++)
			if (tokens.get(i - 1).key() && isNumber(tokens.get(i))) fieldValues.add(tokens.get(i));
		Token t = fieldValue && !fieldValues.isEmpty() ? fieldValues.get(random.nextInt(fieldValues.size()))
			: pick(tokens, random, JsonMutations::isNumber);
		return t == null ? wrongType(json, tokens, random) : replace(json, t, Interesting.number(random));
	}

	private static boolean isNumber(Token t) {
		char c = t.text().charAt(0);
		return c == '-' || Character.isDigit(c);
	}

	/** The stack overflow: a value wrapped in thousands of arrays or objects. */
	private static String nest(String json, List<Token> tokens, Random random) {
		Token t = pick(tokens, random, x -> !x.key());
		if (t == null) return stray(json, tokens, random);
		int depth = DEPTHS[random.nextInt(DEPTHS.length)];
		boolean arrays = random.nextBoolean();
		String value = (arrays ? "[" : "{\"a\":").repeat(depth) + t.text() + (arrays ? "]" : "}").repeat(depth);
		return replace(json, t, value);
	}

	private static String breakString(String json, List<Token> tokens, Random random) {
		Token t = pick(tokens, random, x -> x.text().startsWith("\""));
		if (t == null) return stray(json, tokens, random);
		int at = t.start() + 1 + random.nextInt(t.text().length() - 1);
		return json.substring(0, at) + INSERTIONS[random.nextInt(INSERTIONS.length)] + json.substring(at);
	}

	private static String repeatKey(String json, List<Token> tokens, Random random) {
		int i = tokens.indexOf(pick(tokens, random, Token::key));
		if (i < 0 || i + 1 >= tokens.size() || tokens.get(i + 1).key()) return wrongType(json, tokens, random);
		Token key = tokens.get(i), value = tokens.get(i + 1);
		return json.substring(0, key.start()) + key.text() + ": " + value.text() + ", " + json.substring(key.start());
	}

	private static String wrongType(String json, List<Token> tokens, Random random) {
		Token t = pick(tokens, random, x -> !x.key());
		return t == null ? stray(json, tokens, random) : replace(json, t, WRONG_TYPES[random.nextInt(WRONG_TYPES.length)]);
	}

	private static String longString(String json, List<Token> tokens, Random random) {
		Token t = pick(tokens, random, x -> x.text().startsWith("\""));
		if (t == null) return stray(json, tokens, random);
		return replace(json, t, "\"" + "A".repeat(1 << (10 + random.nextInt(11))) + "\"");
	}

	private static String stray(String json, List<Token> tokens, Random random) {
		int at = random.nextInt(json.length() + 1);
		return random.nextInt(4) == 0 ? json.substring(0, at)
			: json.substring(0, at) + STRAYS[random.nextInt(STRAYS.length)] + json.substring(at);
	}

	private static List<Token> tokens(String json) {
		List<Token> tokens = new ArrayList<>();
		for (Matcher m = TOKEN.matcher(json); m.find();) {
			int next = m.end();
			while (next < json.length() && Character.isWhitespace(json.charAt(next))) next++;
			boolean key = m.group().startsWith("\"") && next < json.length() && json.charAt(next) == ':';
			tokens.add(new Token(m.start(), m.end(), m.group(), key));
		}
		return tokens;
	}

	/** A random token that passes {@code filter}, or null when none does. */
	private static Token pick(List<Token> tokens, Random random, Predicate<Token> filter) {
		List<Token> matching = tokens.stream().filter(filter).toList();
		return matching.isEmpty() ? null : matching.get(random.nextInt(matching.size()));
	}

	private static String replace(String json, Token t, String with) {
		return json.substring(0, t.start()) + with + json.substring(t.end());
	}
}
