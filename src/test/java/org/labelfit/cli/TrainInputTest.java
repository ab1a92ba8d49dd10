package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/** What {@code metaseg train} refuses, each with one line naming the problem and no model written. */
class TrainInputTest {

	@TempDir
	static Path shared;

	static Path source;

	Path images, labels, model;

	@BeforeAll
	static void phantoms() {
		source = shared.resolve("phantoms");
		Cli.run("sample-data", "generate", "--out", source.toString(), "--train", "2", "--test", "0", "--size", "32").succeeds();
	}

	@BeforeEach
	void copy(@TempDir Path dir) throws IOException {
		images = dir.resolve("images");
		labels = dir.resolve("labels");
		MetaSegCliTest.copyFolder(source.resolve("train/images"), images);
		MetaSegCliTest.copyFolder(source.resolve("train/labels"), labels);
		model = dir.resolve("model.labelfit");
	}

	/** Trains tiny, with {@code extra} options replacing the tiny ones they name. */
	Cli.Result train(String... extra) {
		List<String> args = new ArrayList<>(List.of("metaseg", "train", "--images", images.toString(), "--labels", labels.toString(), "--out",
			model.toString()));
		List<String> given = List.of(extra);
		for (int i = 0; i < MetaSegCliTest.TINY.length; i += 2) {
			if (!given.contains(MetaSegCliTest.TINY[i])) args.addAll(List.of(MetaSegCliTest.TINY[i], MetaSegCliTest.TINY[i + 1]));
		}
		args.addAll(given);
		return Cli.run(args.toArray(String[]::new));
	}

	void failsWritingNothing(Cli.Result r, String... mentions) {
		r.fails(Main.USAGE, mentions);
		assertTrue(Files.notExists(model), "no model may be written");
	}

	@Test
	void missingFolder() {
		images = images.resolveSibling("nope");
		failsWritingNothing(train(), "not found", "nope");
	}

	@Test
	void emptyFolder() throws IOException {
		images = Files.createDirectory(images.resolveSibling("empty"));
		failsWritingNothing(train(), "no images found", "empty");
	}

	@Test
	void corruptImage() throws IOException {
		Files.writeString(images.resolve("subject_000.tif"), "not a TIFF");
		failsWritingNothing(train(), "subject_000.tif", "corrupt");
	}

	@Test
	void rgbImage() {
		ColorProcessor rgb = new ColorProcessor(32, 32);
		rgb.setColor(java.awt.Color.RED);
		rgb.fillOval(4, 4, 20, 20);
		save(rgb, images.resolve("subject_000.tif"));
		failsWritingNothing(train(), "RGB");
	}

	@Test
	void constantImage() {
		save(new FloatProcessor(32, 32), images.resolve("subject_000.tif"));
		failsWritingNothing(train(), "subject_000", "constant");
	}

	@Test
	void onePixelImage() {
		save(new FloatProcessor(1, 1), images.resolve("subject_000.tif"));
		save(new ShortProcessor(1, 1), labels.resolve("subject_000.tif"));
		failsWritingNothing(train(), "1×1");
	}

	@Test
	void nanImage() {
		FloatProcessor fp = new FloatProcessor(32, 32);
		for (int i = 0; i < 32 * 32; i++) fp.setf(i, i);
		fp.setf(5, Float.NaN);
		save(fp, images.resolve("subject_000.tif"));
		failsWritingNothing(train(), "NaN");
	}

	@Test
	void labelsBeyondClasses() {
		failsWritingNothing(train("--classes", "3"), "label value", "out of range 0..2");
	}

	@Test
	void sizeMismatch() {
		save(new ShortProcessor(16, 16), labels.resolve("subject_000.tif"));
		failsWritingNothing(train(), "subject_000", "32×32", "16×16");
	}

	@Test
	void nameMismatch() throws IOException {
		Files.move(labels.resolve("subject_001.tif"), labels.resolve("other_001.tif"));
		failsWritingNothing(train(), "subject_001.tif", "no label");
	}

	@Test
	void outputFolderMissing() {
		model = model.resolveSibling("missing").resolve("model.labelfit");
		failsWritingNothing(train(), "output folder does not exist");
	}

	@Test
	void existingModelKeptWithoutOverwrite() throws IOException {
		byte[] old = { 'o', 'l', 'd' };
		Files.write(model, old);
		train().fails(Main.USAGE, "already exists");
		assertArrayEquals(old, Files.readAllBytes(model));
	}

	@Test
	void badNumbersAndNames() {
		failsWritingNothing(train("--outer-steps", "0"), "--outer-steps");
		failsWritingNothing(train("--config", "4d"), "unknown MetaSeg config '4d'");
		failsWritingNothing(train("--size", "4"), "size must be between 8 and 1024");
		failsWritingNothing(train("--classes", "5", "--class-names", "a,b"), "2 class names given for 5 classes");
		failsWritingNothing(train("--loss-curve", model.resolveSibling("curve.svg").toString()), "--loss-curve must end in .png");
	}

	private static void save(ImageProcessor ip, Path file) {
		assertTrue(new FileSaver(new ImagePlus(file.getFileName().toString(), ip)).saveAsTiff(file.toString()));
	}
}
