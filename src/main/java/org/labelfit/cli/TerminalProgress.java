package org.labelfit.cli;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;

import org.labelfit.train.Progress;

/**
 * Progress on stderr: on a console a bar redrawn in place with {@code \r}; otherwise (a log file, a pipe, a test) a
 * plain line per phase at 0 %, 10 %, ... 100 % at most, so logs stay short.
 */
public final class TerminalProgress implements Progress, AutoCloseable {

	private static final int BAR = 24;
	private static final long REDRAW_NANOS = 100_000_000;

	private final PrintStream err;
	private final boolean interactive;
	private final BooleanSupplier cancelled;
	private String phase;
	private long done;
	private int printedDecile;
	private int drawnLength;
	private long lastDraw;

	TerminalProgress(PrintStream err, boolean interactive, BooleanSupplier cancelled) {
		this.err = err;
		this.interactive = interactive;
		this.cancelled = cancelled;
	}

	@Override
	public void report(Status status) {
		int percent = (int) Math.floor(status.fraction() * 100);
		// phases run one after the other; one that starts again (the same name, fewer steps done) counts as new
		boolean newPhase = !status.phase().equals(phase) || status.done() < done;
		phase = status.phase();
		done = status.done();
		if (newPhase) printedDecile = -1;
		if (interactive) {
			// a finished phase keeps its last bar on screen
			if (newPhase) endBar();
			long now = System.nanoTime();
			boolean last = status.done() >= status.total();
			if (!last && drawnLength > 0 && now - lastDraw < REDRAW_NANOS) return;
			lastDraw = now;
			int filled = (int) Math.round(status.fraction() * BAR);
			String line = "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + percent + "% " + status.describe();
			// pad so that a shorter line fully covers the previous one
			err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
			err.flush();
			drawnLength = line.length();
		}
		else {
			int decile = percent / 10;
			if (decile <= printedDecile) return;
			printedDecile = decile;
			err.println(percent + "% " + status.describe());
		}
	}

	@Override
	public void log(String message) {
		endBar();
		err.println(message);
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean();
	}

	/** Ends a bar line so that what follows starts on its own line. */
	@Override
	public void close() {
		endBar();
	}

	private void endBar() {
		if (drawnLength > 0) err.println();
		drawnLength = 0;
	}
}
