package org.labelfit.model;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;

/**
 * A model read from a file: its model.json and its weights (read-only, in file order).
 *
 * @param file where it was loaded from, for messages; null for a model built in memory
 */
public record LoadedModel(ModelInfo info, Map<String, Tensor> weights, Path file) {

	public LoadedModel {
		weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
	}

	public LoadedModel(ModelInfo info, Map<String, Tensor> weights) {
		this(info, weights, null);
	}

	/**
	 * Fails unless the weights hold, in all, as many values as {@code shapes}, the tensors the architecture in
	 * model.json implies: once each of those is found, this says there is nothing else.
	 */
	public void requireValueCount(Collection<long[]> shapes) {
		long expected = Tensor.elementCount(shapes);
		long actual = 0;
		for (Tensor t : weights.values())
			actual = Math.addExact(actual, t.size());
		if (actual != expected)
			throw new LabelFitException("model.json's architecture has " + expected + " weight values, but the weights hold "
				+ actual);
	}

	/** The file name, or "the model" when it was not loaded from a file. */
	public String displayName() {
		return file == null || file.getFileName() == null ? "the model" : file.getFileName().toString();
	}
}
