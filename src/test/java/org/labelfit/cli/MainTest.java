package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

	@Test
	void helpListsCommandsAndExamples() {
		Cli.Result r = Cli.run("--help").succeeds();
		for (String c : new String[] { "demo", "metaseg", "eval", "bench", "sample-data", "Examples:", "Exit codes" })
			assertTrue(r.out().contains(c), c);
	}

	/** Every command and subcommand, found from the command tree; picocli warns on System.err about bad help text. */
	@Test
	void everyCommandHasHelpWithExamples() {
		java.io.PrintStream systemErr = System.err;
		java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
		System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
		try {
			java.util.List<String[]> commands = new java.util.ArrayList<>();
			collect(new picocli.CommandLine(Main.class, new Main.Factory(null)), new String[0], commands);
			assertTrue(commands.size() >= 16, commands.size() + " commands");
			for (String[] c : commands) {
				String[] args = java.util.Arrays.copyOf(c, c.length + 1);
				args[c.length] = "--help";
				Cli.Result r = Cli.run(args).succeeds();
				assertTrue(r.out().contains("Examples:"), String.join(" ", c));
			}
		}
		finally {
			System.setErr(systemErr);
		}
		assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static void collect(picocli.CommandLine cl, String[] path, java.util.List<String[]> out) {
		if (path.length > 0) out.add(path);
		cl.getSubcommands().forEach((name, sub) -> {
			String[] p = java.util.Arrays.copyOf(path, path.length + 1);
			p[path.length] = name;
			collect(sub, p, out);
		});
	}

	@Test
	void version() {
		assertTrue(Cli.run("--version").succeeds().out().startsWith("LabelFit "));
	}

	@Test
	void unknownCommandIsAUsageError() {
		Cli.run("frobnicate").fails(Main.USAGE, "unknown command 'frobnicate'", "metaseg");
		Cli.run("metaseg", "fit").fails(Main.USAGE, "unknown command 'fit'", "train, label");
	}

	@Test
	void commandGroupsNeedASubcommand() {
		Cli.run().fails(Main.USAGE, "choose a command");
		Cli.run("metaseg").fails(Main.USAGE, "choose a command: train, label");
	}

	@Test
	void badOptionsAreUsageErrors() {
		Cli.run("metaseg", "train", "--images", "a").fails(Main.USAGE, "--labels", "--out");
		Cli.run("eval", "--pred", "a", "--truth", "b", "--classes", "many").fails(Main.USAGE, "--classes", "many");
		Cli.run("bench", "metaseg", "--device", "tpu").fails(Main.USAGE, "--device must be auto, cpu or gpu");
		Cli.run("eval", "--pred", "a", "--truth", "b", "--bogus").fails(Main.USAGE, "--bogus");
	}

	@Test
	void stackTraceOnlyWithDebug(@TempDir Path dir) {
		String missing = dir.resolve("missing").toString();
		Cli.Result quiet = Cli.run("eval", "--pred", missing, "--truth", missing).fails(Main.USAGE, "not found", missing);
		assertFalse(quiet.err().contains("\tat "));
		Cli.Result debug = Cli.run("eval", "--pred", missing, "--truth", missing, "--debug");
		assertEquals(Main.USAGE, debug.code());
		assertTrue(debug.err().contains("\tat org.labelfit."), debug.err());
		assertTrue(debug.err().strip().endsWith("labelfit: not found: " + missing), debug.err());
	}

	@Test
	void recordsTheCommandLineQuoted() {
		Terminal t = new Terminal(new String[] { "metaseg", "train", "--class-names", "a,grey matter", "--out", "it's.labelfit" },
			System.out, System.err, false, () -> false);
		assertEquals("labelfit metaseg train --class-names 'a,grey matter' --out 'it'\\''s.labelfit'", t.commandLine());
	}
}
