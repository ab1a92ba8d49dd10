package org.labelfit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.Shard;
import org.labelfit.cli.sample.SampleDataCommand;
import org.labelfit.eval.Evaluation;
import org.labelfit.io.OutputFiles;
import org.labelfit.metaseg.MetaSegBatch;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.sample.Phantoms;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments and scores the shipped phantom test images.",
		"Uses the shipped MetaSeg model, writes label TIFFs and overlay PNGs, and scores them against the true labels " +
			"(Dice per class, mean foreground Dice, generalised Dice)." },
	footerHeading = "%nExamples:%n", footer = { "  labelfit demo", "  labelfit demo --out demo-results --device cpu" })
final class DemoCommand implements Callable<Integer> {

	static final String MODEL = "metaseg-phantom.labelfit";

	private final Terminal terminal;

	@Option(names = "--out", paramLabel = "DIR", description = "New or empty folder for the results; default: labelfit-demo-<date-time> here.")
	Path out;

	@Mixin
	DeviceOption device;

	DemoCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		Path data = SampleDataCommand.defaultFolder();
		Path images = data.resolve("test").resolve("images"), truth = data.resolve("test").resolve("labels"), modelFile = data.resolve(MODEL);
		if (!Files.isDirectory(images) || !Files.isDirectory(truth))
			throw new LabelFitException("the demo's sample data is missing (" + images + "); create it with ./labelfit sample-data generate," +
				" then the model with ./labelfit metaseg train … (see sample-data/README.md)");
		if (!Files.isRegularFile(modelFile))
			throw new LabelFitException("the demo's model " + modelFile + " is missing; create it with ./labelfit metaseg train --images " +
				data.resolve("train/images") + " --labels " + data.resolve("train/labels") + " --class-names '" +
				String.join(",", Phantoms.CLASS_NAMES) + "' --out " + modelFile + " (see sample-data/README.md)");
		MetaSegModel model = MetaSegModelFile.load(modelFile);
		Path dir = outputFolder();
		terminal.err.println("Segmenting " + images + " with " + modelFile.getFileName() + " into " + dir);
		try (TerminalProgress progress = terminal.progress()) {
			BatchJob job = BatchJob.of(new MetaSegBatch(0, 1, true), modelFile, images.toString(), dir, device.get(), false, Shard.ALL);
			LocalRunner.run(job, false, progress).requireNoFailures();
		}
		catch (RuntimeException e) {
			deleteIfEmpty(dir);
			throw e;
		}
		// predictions are <name>_labels.tif next to <name>_overlay.png, which the suffix leaves out
		JsonObject scores = Evaluation.evaluate(Evaluation.pairs(dir.toString(), truth.toString(), "_labels", ""), model.config().classes(),
			model.classNames());
		Path json = dir.resolve("dice.json");
		OutputFiles.writeText(json, Evaluation.pretty(scores) + "\n");
		printTable(scores.getAsJsonObject("per_image_mean"));
		terminal.out.println();
		terminal.out.println("Outputs in " + dir.toAbsolutePath() + ":");
		terminal.out.println("  *_labels.tif   label images (open in Fiji; classes are named in the overlay)");
		terminal.out.println("  *_overlay.png  previews of the labels over the images");
		terminal.out.println("  dice.json      all scores, per image and pooled");
		return Main.OK;
	}

	private void printTable(JsonObject mean) {
		int images = mean.get("images").getAsInt();
		terminal.out.printf("Dice per class, mean over %d test image%s:%n", images, images == 1 ? "" : "s");
		for (JsonElement e : mean.getAsJsonArray("classes")) {
			JsonObject c = e.getAsJsonObject();
			String name = c.has("name") ? c.get("name").getAsString() : "class " + c.get("index").getAsInt();
			terminal.out.printf("  %-22s %.3f%n", name, c.get("dice").getAsDouble());
		}
		terminal.out.printf("  %-22s %.3f%n", "mean foreground Dice", mean.get("mean_foreground_dice").getAsDouble());
		terminal.out.printf("  %-22s %.3f%n", "generalised Dice", mean.get("generalized_dice").getAsDouble());
	}

	/** The --out folder if new or empty, else a new dated folder here; never one with earlier results in it. */
	private Path outputFolder() {
		Path dir = out;
		if (dir == null) {
			String base = "labelfit-demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
			dir = Path.of(base);
			for (int i = 2; Files.exists(dir); i++) dir = Path.of(base + "-" + i);
		}
		else if (Files.isDirectory(dir) && !isEmpty(dir)) {
			throw new LabelFitException(dir + " already exists and is not empty; choose a new folder for --out");
		}
		OutputFiles.requireFolder(dir);
		return dir;
	}

	/** A failed run leaves no empty results folder behind; one with files in it is the user's to look at. */
	private static void deleteIfEmpty(Path dir) {
		try {
			if (isEmpty(dir)) Files.delete(dir);
		}
		catch (IOException | LabelFitException e) {
			// the failure that got us here is the one to report
		}
	}

	private static boolean isEmpty(Path dir) {
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.findAny().isEmpty();
		}
		catch (IOException e) {
			throw new LabelFitException("cannot list " + dir + ": " + e.getMessage(), e);
		}
	}
}
