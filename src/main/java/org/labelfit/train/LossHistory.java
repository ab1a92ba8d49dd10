package org.labelfit.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named series of (step, value) points recorded during training, for curves and provenance. */
public final class LossHistory {

	private final Map<String, List<double[]>> series = new LinkedHashMap<>();

	public synchronized void add(String name, long step, double value) {
		series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] { step, value });
	}

	public synchronized Map<String, List<double[]>> snapshot() {
		Map<String, List<double[]>> copy = new LinkedHashMap<>();
		series.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
		return copy;
	}

	/** Last value of a series, NaN when it has none. */
	public synchronized double last(String name) {
		List<double[]> s = series.get(name);
		return s == null || s.isEmpty() ? Double.NaN : s.get(s.size() - 1)[1];
	}
}
