package org.labelfit.batch;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.io.OutputFiles;
import org.labelfit.model.StateDictFile;

/**
 * One batch: a method with its options, a model file (its SHA-256 taken when the job is made and checked wherever the
 * model is loaded), inputs (a file, folder or glob, sorted by name), an output file or folder, and this run's shard.
 * Paths are kept as text so that the job can be shipped to Spark executors.
 */
public record BatchJob(BatchMethod<?> method, String model, String modelSha256, String input, String output, String device,
	boolean overwrite, Shard shard, boolean singleFile) implements Serializable
{

	/** An input and the label file it becomes. */
	public record Item(String input, String output) implements Serializable {

		public Path inputPath() {
			return Path.of(input);
		}

		public Path outputPath() {
			return Path.of(output);
		}
	}

	public static BatchJob of(BatchMethod<?> method, Path model, String input, Path output, String device, boolean overwrite, Shard shard) {
		if (!Files.isRegularFile(model)) throw new LabelFitException("model file " + model + " does not exist");
		List<Path> inputs = ImagePairs.list(input);
		// a single input file labelled into a file (not a folder): no manifest, and an existing output is refused, not skipped
		boolean single = inputs.size() == 1 && Files.isRegularFile(Path.of(input)) && !Files.isDirectory(output) && ImageFiles.isSupported(output);
		return new BatchJob(method, model.toAbsolutePath().toString(), StateDictFile.sha256(model), input, output.toAbsolutePath().toString(),
			device, overwrite, shard, single);
	}

	public Path modelPath() {
		return Path.of(model);
	}

	public Path outputPath() {
		return Path.of(output);
	}

	/**
	 * This shard's items, checked before any work starts: the output folder exists (or is made), no output is an input,
	 * and a single file output is refused when it exists unless overwriting. Existing outputs in a folder are left for
	 * the runner to skip (resume).
	 */
	public List<Item> plan() {
		List<Path> inputs = ImagePairs.list(input);
		if (inputs.isEmpty()) throw new LabelFitException("no images found in " + input);
		List<Item> items = new ArrayList<>();
		Path out = outputPath();
		if (singleFile) {
			OutputFiles.requireWritable(out, overwrite);
			items.add(new Item(inputs.get(0).toAbsolutePath().toString(), out.toString()));
		}
		else {
			OutputFiles.requireFolder(out);
			for (Path in : shard.select(inputs))
				items.add(new Item(in.toAbsolutePath().toString(), out.resolve(OutputFiles.labelName(in)).toString()));
		}
		for (Item i : items) {
			if (i.inputPath().normalize().equals(i.outputPath().normalize()))
				throw new LabelFitException("output " + i.output() + " would overwrite its input");
			method.check(i.inputPath(), i.outputPath());
		}
		return items;
	}
}
