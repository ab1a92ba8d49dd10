package org.labelfit.model;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

	/** The file name, or "the model" when it was not loaded from a file. */
	public String displayName() {
		return file == null || file.getFileName() == null ? "the model" : file.getFileName().toString();
	}
}
