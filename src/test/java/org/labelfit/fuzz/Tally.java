package org.labelfit.fuzz;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcomes of one reader's run: counts, the first example of each bad outcome, and distinct failure signatures. */
final class Tally {

	/** A failing input: its number in the run, what happened and where the input was saved (null if it was not). */
	record Example(int input, String summary, Path saved) {}

	private final FuzzTarget target;
	private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
	private final Map<Outcome, Example> first = new EnumMap<>(Outcome.class);
	private final Map<String, Integer> signatures = new LinkedHashMap<>();
	private final Map<String, Example> signatureExamples = new LinkedHashMap<>();
	private int inputs;
	private long maxCpuNanos = -1;
	private int slowestInput = -1;
	private String stoppedBecause;

	Tally(FuzzTarget target) {
		this.target = target;
	}

	void add(int input, Trial trial, Path saved) {
		inputs++;
		counts.merge(trial.outcome(), 1, Integer::sum);
		// a timeout's CPU time is the limit; the slowest input that finished says how close the others came
		if (trial.outcome() != Outcome.TIMEOUT && trial.cpuNanos() > maxCpuNanos) {
			maxCpuNanos = trial.cpuNanos();
			slowestInput = input;
		}
		if (!trial.outcome().bad()) return;
		Example example = new Example(input, trial.summary(), saved);
		first.putIfAbsent(trial.outcome(), example);
		signatures.merge(trial.signature(), 1, Integer::sum);
		signatureExamples.putIfAbsent(trial.signature(), example);
	}

	void stop(String because) {
		stoppedBecause = because;
	}

	boolean stopped() {
		return stoppedBecause != null;
	}

	FuzzTarget target() {
		return target;
	}

	int inputs() {
		return inputs;
	}

	int count(Outcome outcome) {
		return counts.getOrDefault(outcome, 0);
	}

	/** Inputs that ended in another exception, an OOM or a timeout. */
	int bad() {
		return count(Outcome.OTHER_EXCEPTION) + count(Outcome.OOM) + count(Outcome.TIMEOUT);
	}

	/** A table row: reader | entry point | inputs | one column per outcome | CPU ms of the slowest input that finished. */
	String row() {
		StringBuilder s = new StringBuilder("| ").append(target.name()).append(" | ").append(target.entryPoint()).append(" | ")
			.append(inputs).append(stoppedBecause == null ? "" : " (stopped)");
		for (Outcome o : Outcome.values()) s.append(" | ").append(count(o));
		return s.append(" | ").append(maxCpuNanos < 0 ? "?" : maxCpuNanos / 1_000_000).append(" (input ").append(slowestInput)
			.append(") |").toString();
	}

	/** Why the run stopped early, the first example of each bad outcome, then each distinct signature with its count. */
	String failures() {
		if (bad() == 0 && stoppedBecause == null) return "";
		StringBuilder s = new StringBuilder(target.name()).append(":\n");
		if (stoppedBecause != null) s.append("  stopped early: ").append(stoppedBecause).append('\n');
		first.forEach((outcome, e) -> s.append("  first ").append(outcome.label).append(": ").append(describe(e)).append('\n'));
		signatures.forEach((signature, n) -> s.append("  ").append(n).append(" \u00d7 ").append(signature).append(" (e.g. ")
			.append(where(signatureExamples.get(signature))).append(")\n"));
		return s.toString();
	}

	private static String describe(Example e) {
		return e.summary() + " (" + where(e) + ")";
	}

	private static String where(Example e) {
		return "input " + e.input() + (e.saved() == null ? "" : ", " + e.saved());
	}
}
