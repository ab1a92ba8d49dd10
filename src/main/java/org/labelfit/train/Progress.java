package org.labelfit.train;

/**
 * Where long-running work reports to and asks whether to stop. Implementations show a
 * terminal bar, Fiji's status/progress bar, or collect the numbers in tests. Calls come
 * synchronously from the working thread.
 */
public interface Progress {

	/** One update: {@code done} of {@code total} units of {@code phase}; loss is NaN when there is none. */
	void report(Status status);

	/** Free text for logs (device used, chosen checkpoint, ...). */
	default void log(String message) {}

	/** Polled between steps; when true the work stops with {@link CancelledException} and writes nothing. */
	default boolean isCancelled() {
		return false;
	}

	default void checkCancelled() {
		if (isCancelled()) throw new CancelledException();
	}

	record Status(String phase, long done, long total, double loss, double elapsedSeconds, double etaSeconds) {

		public double fraction() {
			return total <= 0 ? 0 : Math.min(1, (double) done / total);
		}

		/** "meta-training 120/500 loss 0.0123 ETA 1:02" */
		public String describe() {
			StringBuilder s = new StringBuilder(phase).append(' ').append(done).append('/').append(total);
			if (!Double.isNaN(loss)) s.append(String.format(" loss %.4g", loss));
			if (etaSeconds > 0 && done < total) s.append(" ETA ").append(clock(etaSeconds));
			return s.toString();
		}

		static String clock(double seconds) {
			long s = Math.round(seconds);
			return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
		}
	}

	Progress NONE = status -> {};
}
