package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MessagesTest {

	@Test
	void quoteKeepsTextOnOneShortLine() {
		assertEquals("<f4", Messages.quote("<f4"));
		assertEquals("a?b?c?d?e", Messages.quote("a\nb\rc\u001bd\u2028e"));
		String cut = Messages.quote("x".repeat(500));
		assertEquals(Messages.MAX_LENGTH, cut.length());
		assertEquals("x".repeat(Messages.MAX_LENGTH - 1) + "…", cut);
		assertEquals("y".repeat(Messages.MAX_LENGTH), Messages.quote("y".repeat(Messages.MAX_LENGTH)));
	}
}
