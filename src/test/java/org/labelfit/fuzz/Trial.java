package org.labelfit.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.labelfit.LabelFitException;

/**
 * One input read once.
 *
 * @param thrown what escaped the reader (null when it returned or timed out)
 * @param stack  where a timed-out reader was when it was given up on; else null
 * @param cpuNanos CPU time of the reader's thread, or -1 where the JVM does not measure it
 */
record Trial(Outcome outcome, Throwable thrown, StackTraceElement[] stack, long cpuNanos) {

	private static final int MESSAGE = 200;

	static Trial finished(Throwable thrown, long cpuNanos) {
		return new Trial(Outcome.of(thrown), thrown, null, cpuNanos);
	}

	static Trial timedOut(StackTraceElement[] stack, long cpuNanos) {
		return new Trial(Outcome.TIMEOUT, null, stack, cpuNanos);
	}

	private StackTraceElement[] frames() {
		return thrown != null ? thrown.getStackTrace() : stack != null ? stack : new StackTraceElement[0];
	}

	/** The exception (or "still running") with its message on one line, where it was thrown and LabelFit's last frame. */
	String summary() {
		String what = thrown == null ? outcome == Outcome.TIMEOUT ? "still running" : "returned"
			: thrown.getClass().getName() + (thrown.getMessage() == null ? "" : ": " + oneLine(thrown.getMessage()));
		return what + " at " + where();
	}

	/** Groups trials that are most likely the same bug: the exception class and where it left the JDK and LabelFit. */
	String signature() {
		String what = thrown == null ? outcome.label : thrown.getClass().getName();
		if (thrown instanceof LabelFitException && outcome == Outcome.OTHER_EXCEPTION) what += " with a multi-line message";
		return what + " at " + where();
	}

	/** The whole stack, for the file saved next to a failing input. */
	String details() {
		StringBuilder s = new StringBuilder(outcome.label).append(", ").append(cpuNanos / 1_000_000).append(" ms CPU\n")
			.append(summary()).append('\n');
		for (StackTraceElement e : frames()) s.append("\tat ").append(e).append('\n');
		for (Throwable cause = thrown == null ? null : thrown.getCause(); cause != null; cause = cause.getCause())
			s.append("caused by ").append(cause).append('\n');
		return s.toString();
	}

	/** The top frame, the first frame outside the JDK (ImageJ's, Gson's) and the first of LabelFit, where they differ. */
	private String where() {
		StackTraceElement[] frames = frames();
		if (frames.length == 0) return "?";
		List<StackTraceElement> where = new ArrayList<>(List.of(frames[0]));
		first(frames, c -> !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")).ifPresent(where::add);
		first(frames, c -> c.startsWith("org.labelfit.") && !c.startsWith("org.labelfit.fuzz.")).ifPresent(where::add);
		return where.stream().distinct().map(StackTraceElement::toString).collect(Collectors.joining(" \u2190 "));
	}

	private static Optional<StackTraceElement> first(StackTraceElement[] frames, Predicate<String> className) {
		return Arrays.stream(frames).filter(e -> className.test(e.getClassName())).findFirst();
	}

	private static String oneLine(String message) {
		String s = message.length() > MESSAGE ? message.substring(0, MESSAGE) + "…" : message;
		return s.replace("\n", "\\n").replace("\r", "\\r");
	}
}
