package org.labelfit.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader survives a few hundred mutated files: each is accepted or refused with a one-line LabelFitException,
 * never another exception, an OutOfMemoryError or a reader still running after the time limit (issue 8). One test per
 * reader, named after it; the same inputs every run (fixed seed); failing inputs are saved under
 * target/fuzz-failures/READER/. The benchmark (docs/bench/fuzz.sh) runs ten thousand per reader, zip bombs included.
 */
class ReaderFuzzTest {

	private static final int INPUTS = 200;
	private static final long SEED = 1;
	/**
	 * Far above any reader's time on these tiny files (milliseconds); a busy machine stretches wall time, not CPU time.
	 * A reader stops at its first timeout: the thread it leaves running would slow every reader after it.
	 */
	private static final FuzzRunner.Limits LIMITS = FuzzRunner.Limits.of(1000, 1, 2);
	private static final List<Tally> TALLIES = new ArrayList<>();

	@TempDir
	static Path work;

	@TestFactory
	Stream<DynamicTest> everyReaderSurvivesMutatedFiles() {
		return FuzzTargets.all(new Formats(false)).stream().map(reader -> DynamicTest.dynamicTest(reader.name(), () -> fuzz(reader)));
	}

	private static void fuzz(FuzzTarget reader) throws IOException {
		Path dir = Files.createDirectories(work.resolve(reader.name()));
		Tally tally = new FuzzRunner(LIMITS, dir, Path.of("target", "fuzz-failures")).run(reader, INPUTS, SEED);
		TALLIES.add(tally);
		System.out.println(FuzzReport.header() + "\n" + tally.row());
		assertEquals(0, tally.bad(), () -> "inputs that escaped " + reader.entryPoint() + " uncleanly:\n" + tally.failures());
	}

	@AfterAll
	static void printTable() {
		System.out.println(FuzzReport.table(TALLIES));
	}
}
