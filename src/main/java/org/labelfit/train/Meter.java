package org.labelfit.train;

/** Counts steps of one phase and reports them with elapsed time and a linear ETA. */
public final class Meter {

	private final Progress progress;
	private final String phase;
	private final long total;
	private final long start = System.nanoTime();
	private long done;

	public Meter(Progress progress, String phase, long total) {
		this.progress = progress;
		this.phase = phase;
		this.total = total;
		progress.checkCancelled();
		progress.report(new Progress.Status(phase, 0, total, Double.NaN, 0, 0));
	}

	/** Marks one more step done; checks for cancellation first so a cancelled step is never reported. */
	public void step(double loss) {
		progress.checkCancelled();
		done++;
		double elapsed = (System.nanoTime() - start) / 1e9;
		double eta = done >= total ? 0 : elapsed / done * (total - done);
		progress.report(new Progress.Status(phase, done, total, loss, elapsed, eta));
	}

	/** Polls for cancellation between the steps' own work. */
	public void checkCancelled() {
		progress.checkCancelled();
	}

	public double elapsedSeconds() {
		return (System.nanoTime() - start) / 1e9;
	}
}
