package org.labelfit.fuzz;

import java.util.List;

/** The per-reader table and, below it, what went wrong where. */
final class FuzzReport {

	private FuzzReport() {}

	static String header() {
		StringBuilder s = new StringBuilder("| reader | entry point | inputs");
		for (Outcome o : Outcome.values()) s.append(" | ").append(o.label);
		s.append(" | slowest finished, CPU ms |\n|---|---|---");
		for (int i = 0; i <= Outcome.values().length; i++) s.append("|---");
		return s.append("|").toString();
	}

	static String table(List<Tally> tallies) {
		StringBuilder s = new StringBuilder(header()).append('\n');
		for (Tally t : tallies) s.append(t.row()).append('\n');
		for (Tally t : tallies) {
			String f = t.failures();
			if (!f.isEmpty()) s.append('\n').append(f);
		}
		return s.toString();
	}
}
