package org.labelfit.io;

/**
 * Makes text taken from a file safe to show in a one-line error message. Package-private for now; it may be
 * merged with a project-wide helper later.
 */
final class Messages {

	/** Longest quoted text; a header field longer than this is shown cut, ending in "…". */
	static final int MAX_LENGTH = 80;

	private Messages() {}

	/**
	 * The text with every control or line-breaking character (newlines, escapes, U+2028/U+2029) replaced by '?' and
	 * cut to {@link #MAX_LENGTH} characters, so a file's bytes can neither break the line nor flood it.
	 */
	static String quote(String text) {
		boolean cut = text.length() > MAX_LENGTH;
		StringBuilder s = new StringBuilder(cut ? text.substring(0, MAX_LENGTH - 1) : text);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
				|| Character.getType(c) == Character.PARAGRAPH_SEPARATOR)
				s.setCharAt(i, '?');
		}
		return cut ? s.append('…').toString() : s.toString();
	}
}
