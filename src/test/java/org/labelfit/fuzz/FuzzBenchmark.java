package org.labelfit.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes every reader with many mutated files and prints the per-reader table (docs/bench/fuzz.sh runs it with a
 * 1 GB heap). Exits with 1 when any input ended in another exception, an OOM or a timeout.
 * <p>
 * Options: {@code --per-reader N} (10000), {@code --time-limit-ms MS} CPU time per input (2000), {@code --seed S} (1),
 * {@code --readers a,b} (all), {@code --max-timeouts K} per reader (5), {@code --no-bombs} (zip members that inflate
 * to a GiB are on by default), {@code --failures DIR} (target/fuzz-failures).
 */
public final class FuzzBenchmark {

	private FuzzBenchmark() {}

	public static void main(String[] args) throws IOException {
		int perReader = 10_000, maxTimeouts = 5;
		long timeLimit = 2000, seed = 1;
		boolean bombs = true;
		List<String> only = null;
		Path failures = Path.of("target", "fuzz-failures");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--per-reader" -> perReader = Integer.parseInt(args[++i]);
				case "--time-limit-ms" -> timeLimit = Long.parseLong(args[++i]);
				case "--seed" -> seed = Long.parseLong(args[++i]);
				case "--readers" -> only = Arrays.asList(args[++i].split(","));
				case "--max-timeouts" -> maxTimeouts = Integer.parseInt(args[++i]);
				case "--no-bombs" -> bombs = false;
				case "--failures" -> failures = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see FuzzBenchmark's javadoc");
			}
		}
		List<FuzzTarget> targets = new ArrayList<>();
		for (FuzzTarget t : FuzzTargets.all(new Formats(bombs)))
			if (only == null || only.contains(t.name())) targets.add(t);
		if (only != null && targets.size() != only.size())
			throw new IllegalArgumentException("unknown reader in " + only + "; readers: "
				+ FuzzTargets.all(new Formats(false)).stream().map(FuzzTarget::name).toList());

		Path work = Files.createTempDirectory("labelfit-fuzz-");
		FuzzRunner runner = new FuzzRunner(FuzzRunner.Limits.of(timeLimit, maxTimeouts, Integer.MAX_VALUE), work, failures);
		// ImageJ prints its own complaints about broken files (stdout and stderr); they go to a log, the table stays clean
		PrintStream out = System.out;
		Path log = Files.createDirectories(failures).resolve("reader-output.log");
		PrintStream readerOutput = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
		System.setOut(readerOutput);
		System.setErr(readerOutput);
		out.printf("%d inputs per reader, %d ms CPU each, seed %d, bombs %s, heap %d MB%n%n", perReader, timeLimit, seed,
			bombs ? "on" : "off", Runtime.getRuntime().maxMemory() >> 20);
		out.println(FuzzReport.header());
		List<Tally> tallies = new ArrayList<>();
		long start = System.nanoTime();
		for (FuzzTarget t : targets) {
			Tally tally = runner.run(t, perReader, seed);
			tallies.add(tally);
			out.println(tally.row());
		}
		Files.delete(work);
		out.printf("%n%.0f s; what the readers printed is in %s%n%n", (System.nanoTime() - start) / 1e9, log);
		out.print(FuzzReport.table(tallies));
		out.flush();
		// readers left running after a timeout are daemon threads: exiting ends them
		System.exit(tallies.stream().anyMatch(t -> t.bad() > 0) ? 1 : 0);
	}
}
