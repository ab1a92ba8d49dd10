package org.labelfit.batch;

import java.io.Serializable;
import java.nio.file.Path;

import org.labelfit.train.Progress;

/**
 * One method as a batch job runs it: the model is read once per JVM ({@link #load}, cached by {@link LoadedModels}),
 * a worker is opened once per runner (a local run, a Spark partition) and labels one input at a time. The object
 * holds the method's options only, so that it can be shipped to Spark executors.
 * <p>
 * Adding a method is one small class in its own package (see {@code metaseg.MetaSegBatch}): {@link #load} reads its
 * model file, {@link #open} makes its segmenter on the device, and the worker reads an input, segments it and writes the
 * label file with {@code io.LabelFiles.write} (atomic). Extra files (overlays) are written before the label file, so
 * that an existing label file means the item is complete.
 *
 * @param <M> the method's model
 */
public interface BatchMethod<M> extends Serializable {

	/** The command it stands for in messages, e.g. "metaseg label". */
	String name();

	/** Reads the model file; called once per JVM and model hash. */
	M load(Path modelFile);

	/** Makes the per-runner segmenter; {@code device} is auto, cpu or gpu. */
	Worker open(M model, String device, Progress progress);

	/** Fails (one line) when an input/output pair cannot work with these options; called for every item before any work. */
	default void check(Path input, Path output) {}

	/** What to change in this method's options when an item runs out of memory, or "" (the generic advice follows it). */
	default String memoryAdvice() {
		return "";
	}

	/** Segments inputs one after another with one loaded model. */
	interface Worker extends AutoCloseable {

		/** Labels {@code input} into {@code output}, atomically. */
		void segment(Path input, Path output, Progress progress);

		@Override
		void close();
	}
}
