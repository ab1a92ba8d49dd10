package org.labelfit.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.labelfit.LabelFitException;

/**
 * Shard {@code index} of {@code count} ({@code --shard I/N}): items {@code index-1}, {@code index-1+N}, ... of the sorted
 * input list, so that N array tasks cover every input exactly once without talking to each other.
 */
public record Shard(int index, int count) implements Serializable {

	public static final Shard ALL = new Shard(1, 1);

	public Shard {
		if (count < 1 || index < 1 || index > count)
			throw new LabelFitException("shard must be I/N with 1 <= I <= N, got " + index + "/" + count);
	}

	/** Parses "I/N"; null or blank is {@link #ALL}. */
	public static Shard parse(String text) {
		if (text == null || text.isBlank()) return ALL;
		String[] parts = text.trim().split("/");
		if (parts.length != 2 || !parts[0].matches("[0-9]{1,9}") || !parts[1].matches("[0-9]{1,9}"))
			throw new LabelFitException("shard must be I/N with whole numbers, e.g. 3/10, got '" + text + "'");
		return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
	}

	public <T> List<T> select(List<T> sorted) {
		List<T> mine = new ArrayList<>();
		for (int i = index - 1; i < sorted.size(); i += count) mine.add(sorted.get(i));
		return mine;
	}

	public boolean isAll() {
		return count == 1;
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
