package org.labelfit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuotedTest {

	@Test
	void escapesControlCharactersAndLineBreaks() {
		assertEquals("a\\nb\\r\\tc\\u0000\\u001b[31m\\u2028é", Quoted.of("a\nb\r\tc\u0000\u001b[31m\u2028é"));
		assertEquals("plain name.weight", Quoted.of("plain name.weight"));
		assertEquals("null", Quoted.of(null));
	}

	@Test
	void cutsLongTextWithoutSplittingACharacter() {
		String eighty = "x".repeat(Quoted.MAX_CHARS);
		assertEquals(eighty, Quoted.of(eighty));
		assertEquals(eighty + "…", Quoted.of(eighty + "y".repeat(1 << 20)));
		String emoji = "\uD83D\uDE00"; // one character, two chars
		assertEquals(emoji.repeat(Quoted.MAX_CHARS) + "…", Quoted.of(emoji.repeat(Quoted.MAX_CHARS + 1)));
	}
}
