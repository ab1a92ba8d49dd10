package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.labelfit.train.Progress.Status;

class TerminalProgressTest {

	@Test
	void plainLinesAtMostEveryTenPercentPerPhase() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> false)) {
			for (int i = 0; i <= 200; i++) p.report(new Status("meta-training", i, 200, 0.5, i, 200 - i));
			p.log("LabelFit: using CPU");
			for (int i = 1; i <= 3; i++) p.report(new Status("head", i, 3, Double.NaN, i, 0));
			// the same phase again, e.g. a second image of the same name
			for (int i = 0; i <= 3; i++) p.report(new Status("head", i, 3, Double.NaN, i, 0));
		}
		List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
		assertEquals(11 + 1 + 3 + 4, lines.size(), String.join("\n", lines));
		assertEquals("0% meta-training 0/200 loss 0.5000 ETA 3:20", lines.get(0));
		assertEquals("100% meta-training 200/200 loss 0.5000", lines.get(10));
		assertEquals("LabelFit: using CPU", lines.get(11));
		assertEquals("100% head 3/3", lines.get(14));
	}

	@Test
	void consoleBarRedrawsInPlaceAndEndsItsLine() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> false)) {
			p.report(new Status("fitting", 1, 4, 0.25, 1, 3));
			p.log("note");
			p.report(new Status("fitting", 4, 4, 0.1, 4, 0));
		}
		String s = bytes.toString(StandardCharsets.UTF_8);
		assertTrue(s.startsWith("\r[######------------------] 25% fitting 1/4 loss 0.2500 ETA 0:03\nnote\n\r[########################] 100%"), s);
		assertTrue(s.endsWith("\n"));
	}

	@Test
	void cancellationComesFromTheSupplier() {
		boolean[] flag = { false };
		TerminalProgress p = new TerminalProgress(System.err, false, () -> flag[0]);
		assertEquals(false, p.isCancelled());
		flag[0] = true;
		assertTrue(p.isCancelled());
	}
}
