package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import ij.IJ;

import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * Shows progress in ImageJ's status and progress bars (headless: a log line now and then) and stops the work when
 * the user presses Esc, the SciJava command is cancelled, or its thread is interrupted ({@code Future.cancel(true)}).
 */
public final class FijiProgress implements Progress {

	private static final long STATUS_MILLIS = 200, HEADLESS_LOG_MILLIS = 10_000;

	private final String title;
	private final BooleanSupplier cancelled;
	private final Runnable onReport;
	private final boolean headless = GraphicsEnvironment.isHeadless();
	private long lastStatus, lastLog;
	private String lastPhase;

	/**
	 * @param cancelled the caller's own cancel flag (a SciJava command's {@code isCanceled})
	 * @param onReport run on every report, e.g. a throttled loss plot update
	 */
	FijiProgress(String title, BooleanSupplier cancelled, Runnable onReport) {
		this.title = title;
		this.cancelled = cancelled;
		this.onReport = onReport;
		// an Esc pressed before the start must not cancel this run
		IJ.resetEscape();
	}

	FijiProgress(String title, BooleanSupplier cancelled) {
		this(title, cancelled, () -> {});
	}

	@Override
	public void report(Status status) {
		long now = System.currentTimeMillis();
		boolean newPhase = !status.phase().equals(lastPhase);
		lastPhase = status.phase();
		if (headless) {
			if (newPhase || now - lastLog >= HEADLESS_LOG_MILLIS || status.done() >= status.total()) {
				lastLog = now;
				IJ.log(title + ": " + status.describe());
			}
		}
		else if (newPhase || now - lastStatus >= STATUS_MILLIS || status.done() >= status.total()) {
			lastStatus = now;
			IJ.showStatus(title + ": " + status.describe() + " (Esc cancels)");
			IJ.showProgress(status.fraction());
		}
		onReport.run();
	}

	@Override
	public void log(String message) {
		IJ.log(message);
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted() || !headless && IJ.escapePressed();
	}

	/** Runs {@code work} reporting to a new FijiProgress, and clears the progress bar however the work ends. */
	public static void run(String title, BooleanSupplier cancelled, Runnable onReport, Consumer<Progress> work) {
		FijiProgress progress = new FijiProgress(title, cancelled, onReport);
		try {
			work.accept(progress);
		}
		finally {
			progress.done();
		}
	}

	/** {@link #run} for training, with a live plot of the loss curves titled {@code plotTitle}. */
	public static void train(String title, BooleanSupplier cancelled, String plotTitle, BiConsumer<Progress, LossHistory> training) {
		LossHistory history = new LossHistory();
		run(title, cancelled, LossPlot.of(history, plotTitle), progress -> training.accept(progress, history));
	}

	/** Clears the progress bar; call when the work ends, however it ends. */
	void done() {
		if (!headless) {
			IJ.showProgress(1.0);
			IJ.showStatus("");
		}
	}
}
