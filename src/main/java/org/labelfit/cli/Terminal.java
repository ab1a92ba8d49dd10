package org.labelfit.cli;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/** Where a command writes (results to {@code out}, progress and messages to {@code err}) and how it was called. */
public final class Terminal {

	public final PrintStream out;
	public final PrintStream err;
	private final String[] args;
	private final boolean interactive;
	private final BooleanSupplier cancelled;

	/** @param interactive whether {@code err} is a console that can redraw a progress bar in place */
	Terminal(String[] args, PrintStream out, PrintStream err, boolean interactive, BooleanSupplier cancelled) {
		this.args = args.clone();
		this.out = out;
		this.err = err;
		this.interactive = interactive;
		this.cancelled = cancelled;
	}

	public TerminalProgress progress() {
		return new TerminalProgress(err, interactive, cancelled);
	}

	/** The command line as typed, quoted for a POSIX shell, for the record kept in a model. */
	public String commandLine() {
		StringBuilder s = new StringBuilder("labelfit");
		for (String a : args) s.append(' ').append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
		return s.toString();
	}
}
