package org.labelfit.batch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.StateDictFile;

/**
 * The last few models loaded in this JVM, by method and SHA-256 of the file: a Spark executor or a long-lived process reads each
 * model once and shares it between its tasks (models are read-only; every task opens its own worker). A file whose
 * hash is not the one the job was made with fails instead of silently labelling with another model.
 */
public final class LoadedModels {

	/** Fiji may label with many models in one session: keep the last few only. */
	private static final int KEEP = 4;

	private static final Map<String, Object> MODELS = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
			return size() > KEEP;
		}
	};

	private LoadedModels() {}

	@SuppressWarnings("unchecked")
	public static synchronized <M> M get(BatchMethod<M> method, Path file, String sha256) {
		String key = method.getClass().getName() + ":" + sha256;
		Object model = MODELS.get(key);
		if (model == null) {
			String actual = StateDictFile.sha256(file);
			if (!actual.equals(sha256))
				throw new LabelFitException("model file " + file + " changed since the job started (SHA-256 " + actual + ", expected " + sha256 + ")");
			model = method.load(file);
			MODELS.put(key, model);
		}
		return (M) model;
	}

}
