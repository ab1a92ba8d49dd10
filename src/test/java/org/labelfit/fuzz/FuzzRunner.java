package org.labelfit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Feeds mutated files to a reader, each in a fresh daemon thread, and classifies how it ended. A reader that runs past
 * the CPU-time limit (or, where the JVM cannot measure CPU time, past the wall-clock limit) is recorded as a timeout,
 * given a grace period to end by itself, and left behind: Java cannot stop a thread, so the run ends after a few of
 * them rather than pile them up.
 */
final class FuzzRunner {

	/**
	 * @param cpuMillis   CPU time one input may take
	 * @param wallMillis  wall-clock time one input may take, generous: the machine may be busy
	 * @param graceMillis how long a timed-out reader is waited for before the next input, so that one that ends by
	 *                    itself (a bomb inflating until the heap is full) does not take its OOM or CPU to the next
	 * @param maxTimeouts the run stops after this many timeouts
	 * @param maxOoms     the run stops after this many OOMs (each may take seconds to fill a large heap)
	 */
	record Limits(long cpuMillis, long wallMillis, long graceMillis, int maxTimeouts, int maxOoms) {

		static Limits of(long cpuMillis, int maxTimeouts, int maxOoms) {
			return new Limits(cpuMillis, Math.max(5 * cpuMillis, cpuMillis + 10_000), 2 * cpuMillis, maxTimeouts, maxOoms);
		}
	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
	private static final long POLL_MILLIS = 5;
	/** Failing inputs saved per reader and outcome; the counts go on past it. */
	private static final int MAX_SAVED = 20;

	private final Limits limits;
	private final Path work;
	private final Path failures;

	/**
	 * @param work     folder for the input files, which are deleted once read
	 * @param failures where failing inputs are saved, one folder per reader; null to save none
	 */
	FuzzRunner(Limits limits, Path work, Path failures) {
		this.limits = limits;
		this.work = work;
		this.failures = failures;
		if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) THREADS.setThreadCpuTimeEnabled(true);
	}

	/** {@code inputs} mutated files from a Random seeded with {@code seed} and the reader's name, so runs repeat. */
	Tally run(FuzzTarget target, int inputs, long seed) {
		List<byte[]> seeds = target.seeds().get();
		requireAccepted(target, seeds);
		Path saveTo = failures == null ? null : clear(failures.resolve(target.name()));
		Random random = new Random(seed * 1_000_003L + target.name().hashCode());
		Tally tally = new Tally(target);
		Map<Outcome, Integer> saved = new EnumMap<>(Outcome.class);
		for (int i = 0; i < inputs; i++) {
			byte[] input = target.mutator().apply(seeds.get(random.nextInt(seeds.size())), random);
			Trial trial = attempt(target, input, "input-" + i);
			Path file = null;
			if (trial.outcome().bad() && saveTo != null && saved.merge(trial.outcome(), 1, Integer::sum) <= MAX_SAVED)
				file = save(saveTo, i, trial, input, target.extension());
			tally.add(i, trial, file);
			if (tally.count(Outcome.TIMEOUT) >= limits.maxTimeouts()) tally.stop(plural(limits.maxTimeouts(), "timeout"));
			else if (tally.count(Outcome.OOM) >= limits.maxOoms()) tally.stop(plural(limits.maxOoms(), "OOM"));
			if (tally.stopped()) break;
		}
		return tally;
	}

	private static String plural(int n, String what) {
		return "reached " + n + " " + what + (n == 1 ? "" : "s");
	}

	/** Mutating a file the reader refuses already would test nothing. */
	private void requireAccepted(FuzzTarget target, List<byte[]> seeds) {
		for (int s = 0; s < seeds.size(); s++) {
			Trial trial = attempt(target, seeds.get(s), "seed-" + s);
			if (trial.outcome() != Outcome.ACCEPTED)
				throw new IllegalStateException(target.name() + ": seed file " + s + " is not accepted: " + trial.summary());
		}
	}

	private Trial attempt(FuzzTarget target, byte[] input, String name) {
		Path file = work.resolve(name + target.extension());
		try {
			Files.write(file, input);
			return read(target, file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException e) {
				// a timed-out reader may still hold it; the folder goes when the run's does
			}
		}
	}

	private Trial read(FuzzTarget target, Path file) {
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicLong cpu = new AtomicLong(-1);
		Thread worker = new Thread(() -> {
			try {
				target.reader().read(file);
			}
			catch (Throwable t) {
				thrown.set(t);
			}
			finally {
				cpu.set(THREADS.getCurrentThreadCpuTime());
			}
		}, "fuzz-" + target.name() + "-" + file.getFileName());
		worker.setDaemon(true);
		long start = System.nanoTime();
		worker.start();
		try {
			while (true) {
				try {
					worker.join(POLL_MILLIS);
					if (!worker.isAlive()) return Trial.finished(thrown.get(), cpu.get());
					long used = THREADS.getThreadCpuTime(worker.getId());
					if (used > limits.cpuMillis() * 1_000_000 || System.nanoTime() - start > limits.wallMillis() * 1_000_000) {
						StackTraceElement[] stack = worker.getStackTrace();
						worker.interrupt();
						worker.join(limits.graceMillis());
						return Trial.timedOut(stack, used);
					}
				}
				catch (OutOfMemoryError e) {
					// the reader filled the heap and this thread's small allocation failed before the reader's did; the
					// reader's will fail next, which frees the heap: poll on
				}
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while " + worker.getName() + " was reading", e);
		}
	}

	/** The input as it was fed to the reader, and next to it what happened, for reproduction. */
	private static Path save(Path dir, int input, Trial trial, byte[] bytes, String extension) {
		Path file = dir.resolve(String.format("%05d-%s%s", input, trial.outcome().name().toLowerCase(), extension));
		try {
			Files.write(file, bytes);
			Files.writeString(dir.resolve(file.getFileName() + ".txt"), trial.details(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return file;
	}

	/** An empty folder: failures of an earlier run must not be mistaken for this one's. */
	private static Path clear(Path dir) {
		try {
			if (Files.exists(dir))
				try (Stream<Path> files = Files.walk(dir)) {
					for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
				}
			Files.createDirectories(dir);
			return dir;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
