package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the command line in-process and captures what it prints. */
final class Cli {

	record Result(int code, String out, String err) {

		/**
		 * Asserts a failure with the given exit code, ending in a single {@code labelfit: ...} line that names the
		 * problem (progress and log lines may come before it), without a stack trace.
		 */
		Result fails(int expected, String... mentions) {
			assertEquals(expected, code, () -> "exit code; stderr: " + err);
			List<String> lines = err.lines().toList();
			String line = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
			assertTrue(line.startsWith("labelfit: ") && lines.stream().filter(l -> l.startsWith("labelfit: ")).count() == 1 &&
				!err.contains("\tat "), () -> "one error line expected, got: " + err);
			for (String m : mentions) assertTrue(line.contains(m), () -> "'" + m + "' expected in: " + line);
			return this;
		}

		Result succeeds() {
			assertEquals(Main.OK, code, () -> "exit code; stderr: " + err);
			return this;
		}
	}

	private Cli() {}

	static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
			PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
		{
			code = Main.run(args, o, e);
		}
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}
}
