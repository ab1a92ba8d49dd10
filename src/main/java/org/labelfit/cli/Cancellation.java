package org.labelfit.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (or any JVM shutdown) during a command into a cancellation request that the running work polls
 * through {@link org.labelfit.train.Progress#isCancelled()}, and gives the work a few seconds to stop. Saves are
 * atomic, so whether it stops in time or not, no half-written file remains.
 */
final class Cancellation implements AutoCloseable {

	private static final long GRACE_SECONDS = 10;

	private final AtomicBoolean requested = new AtomicBoolean();
	private final CountDownLatch finished = new CountDownLatch(1);
	private final Thread hook = new Thread(this::shutdown, "labelfit-cancel");

	Cancellation() {
		Runtime.getRuntime().addShutdownHook(hook);
	}

	boolean requested() {
		return requested.get();
	}

	private void shutdown() {
		requested.set(true);
		try {
			finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		finished.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException e) {
			// the JVM is shutting down and the hook is running: it returns now that the latch is open
		}
	}
}
