package org.labelfit;

/**
 * Text taken from a file (a tensor name, a JSON key, a parser's message quoting the input), made fit to appear in a
 * {@link LabelFitException}, whose message must stay one short line whatever the file holds: control characters and
 * line separators are written as Java-style escapes (a newline as {@code \n}), and anything past
 * {@value #MAX_CHARS} characters is cut off with "…". Usage: {@code "tensor '" + Quoted.of(name) + "' is empty"}.
 */
public final class Quoted {

	public static final int MAX_CHARS = 80;

	private Quoted() {}

	public static String of(String text) {
		if (text == null)
			return "null";
		StringBuilder b = new StringBuilder();
		int chars = 0;
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			if (chars++ == MAX_CHARS)
				return b.append('…').toString();
			int c = text.codePointAt(i);
			switch (c) {
				case '\n' -> b.append("\\n");
				case '\r' -> b.append("\\r");
				case '\t' -> b.append("\\t");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')
						b.append(String.format("\\u%04x", c));
					else
						b.appendCodePoint(c);
				}
			}
		}
		return b.toString();
	}
}
