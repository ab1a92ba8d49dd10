package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;
import org.labelfit.sample.Phantoms;

import ij.IJ;
import ij.ImagePlus;

/** Train → label → eval → demo through the command line on tiny phantoms, and what label refuses. */
class MetaSegCliTest {

	static final String[] TINY = { "--size", "32", "--outer-steps", "3", "--fit-steps", "5", "--head-epochs", "2", "--device", "cpu" };

	@TempDir
	static Path root;

	static Path data, model;

	@BeforeAll
	static void trainTinyModel() {
		data = root.resolve("sample-data");
		// five or more images, so that training holds one out for validation
		Cli.run("sample-data", "generate", "--out", data.toString(), "--train", "6", "--test", "2", "--size", "32").succeeds();
		model = root.resolve("tiny.labelfit");
		Path curve = root.resolve("loss.png");
		Cli.Result r = Cli.run(concat(new String[] { "metaseg", "train", "--images", data.resolve("train/images").toString(), "--labels",
			data.resolve("train/labels").toString(), "--out", model.toString(), "--classes", "5", "--class-names",
			String.join(",", Phantoms.CLASS_NAMES),
			"--loss-curve", curve.toString() }, TINY)).succeeds();
		assertTrue(r.err().contains("LabelFit: using CPU"), r.err());
		assertTrue(r.out().contains("Saved MetaSeg model to " + model), r.out());
		ImagePlus plot = IJ.openImage(curve.toString());
		assertTrue(plot.getWidth() > 100, "loss curve image");
	}

	@Test
	void trainedModelIsExactlyAtOutWithItsCommand() throws IOException {
		try (Stream<Path> files = Files.list(root)) {
			assertEquals(List.of("loss.png", "sample-data", "tiny.labelfit"), files.map(p -> p.getFileName().toString()).sorted().toList());
		}
		MetaSegModel m = MetaSegModelFile.load(model);
		assertEquals(Phantoms.CLASS_NAMES, m.classNames());
		assertEquals(5, m.fitSteps());
		assertTrue(String.valueOf(m.provenance().get("command")).startsWith("labelfit metaseg train --images "));
		assertTrue(String.valueOf(m.provenance().get("command")).contains("--class-names 'background,CSF,grey matter"));
	}

	@Test
	void labelThenEvaluate(@TempDir Path dir) throws IOException {
		Path labels = dir.resolve("labels");
		Cli.Result r = Cli.run("metaseg", "label", "--model", model.toString(), "--input", data.resolve("test/images").toString(), "--output",
			labels.toString(), "--overlays", "--device", "cpu").succeeds();
		for (String f : new String[] { "subject_000_labels.tif", "subject_000_overlay.png", "subject_001_labels.tif", "subject_001_overlay.png" })
			assertTrue(Files.isRegularFile(labels.resolve(f)), f + " in " + r.out());
		Path json = dir.resolve("scores.json");
		Cli.Result e = Cli.run("eval", "--pred", labels.toString(), "--truth", data.resolve("test/labels").toString(), "--out",
			json.toString()).succeeds();
		JsonObject printed = JsonParser.parseString(e.out()).getAsJsonObject();
		assertEquals(2, printed.getAsJsonObject("per_image_mean").get("images").getAsInt());
		assertEquals(printed, JsonParser.parseString(Files.readString(json)));
		Cli.run("eval", "--pred", labels.toString(), "--truth", data.resolve("test/labels").toString(), "--out", json.toString())
			.fails(Main.USAGE, "already exists");
		Cli.run("eval", "--pred", labels.toString(), "--truth", data.resolve("test/labels").toString(), "--classes", "3")
			.fails(Main.USAGE, "label value 4", "3 classes");
	}

	@Test
	void macroRunsLabelFitCommandsHeadless(@TempDir Path dir) throws IOException {
		Path out = dir.resolve("labelled.tif");
		Path macro = dir.resolve("segment.ijm");
		Files.writeString(macro, "open(getArgument());\n" +
			"run(\"MetaSeg Fit and Label\", \"model=[" + model + "] fit_steps=3\");\n" +
			"saveAs(\"Tiff\", \"" + out + "\");\n");
		Cli.run("macro", macro.toString(), data.resolve("test/images/subject_000.tif").toString()).succeeds();
		ij.ImagePlus labels = ij.IJ.openImage(out.toString());
		assertEquals(16, labels.getBitDepth());
		assertEquals(32, labels.getWidth());

		Path broken = dir.resolve("broken.ijm");
		Files.writeString(broken, "print(\"start\");\nrun(\"MetaSeg Fit and Label\", \"model=[" + dir.resolve("none.labelfit") + "]\");\n");
		Cli.run("macro", broken.toString()).fails(Main.USAGE, "broken.ijm line 2", "no image is open");
		Cli.run("macro", dir.resolve("missing.ijm").toString()).fails(Main.USAGE, "macro not found");
	}

	@Test
	void demoSegmentsAndScoresTheSampleData(@TempDir Path home) throws IOException {
		Path sample = home.resolve("sample-data");
		Files.createDirectories(sample.resolve("test"));
		for (String part : new String[] { "test/images", "test/labels" })
			copyFolder(data.resolve(part), sample.resolve(part));
		Files.copy(model, sample.resolve(DemoCommand.MODEL));
		Path out = home.resolve("demo");
		Cli.Result r = withHome(home, () -> Cli.run("demo", "--out", out.toString(), "--device", "cpu")).succeeds();
		for (String f : new String[] { "subject_000_labels.tif", "subject_001_overlay.png", "dice.json" })
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
		for (String s : new String[] { "grey matter", "mean foreground Dice", "generalised Dice", "dice.json", out.toAbsolutePath().toString() })
			assertTrue(r.out().contains(s), s + " in " + r.out());
		withHome(home, () -> Cli.run("demo", "--out", out.toString())).fails(Main.USAGE, "not empty");
		// LabelFit bundles the CPU build of PyTorch: a failed run leaves no empty folder behind
		withHome(home, () -> Cli.run("demo", "--out", home.resolve("gpu").toString(), "--device", "gpu")).fails(Main.USAGE, "device=gpu");
		assertTrue(Files.notExists(home.resolve("gpu")));
	}

	@Test
	void demoWithoutModelSaysHowToMakeIt(@TempDir Path home) throws IOException {
		Path empty = home.resolve("empty");
		Files.createDirectories(empty);
		withHome(empty, () -> Cli.run("demo")).fails(Main.USAGE, "sample-data generate", "metaseg train");
		copyFolder(data, empty.resolve("sample-data"));
		withHome(empty, () -> Cli.run("demo")).fails(Main.USAGE, DemoCommand.MODEL, "metaseg train --images");
	}

	@Test
	void labelRefusesBadModels(@TempDir Path dir) throws IOException {
		String input = data.resolve("test/images").toString();
		Path out = dir.resolve("out");
		Path corrupt = dir.resolve("corrupt.labelfit");
		Files.write(corrupt, new byte[] { 'P', 'K', 3, 4, 1, 2, 3 });
		Cli.run("metaseg", "label", "--model", corrupt.toString(), "--input", input, "--output", out.toString())
			.fails(Main.USAGE, "corrupt.labelfit");
		Path other = dir.resolve("universeg.labelfit");
		ModelFile.save(other, ModelInfo.create("universeg", new JsonObject(), List.of(), new JsonObject(), new JsonObject(), null), Map.of());
		Cli.run("metaseg", "label", "--model", other.toString(), "--input", input, "--output", out.toString())
			.fails(Main.USAGE, "universeg model, not a metaseg model");
		Cli.run("metaseg", "label", "--model", dir.resolve("missing.labelfit").toString(), "--input", input, "--output", out.toString())
			.fails(Main.USAGE, "missing.labelfit", "does not exist");
		assertTrue(Files.notExists(out));
	}

	@Test
	void labelRefusesBadOutputs(@TempDir Path dir) throws IOException {
		String image = data.resolve("test/images/subject_000.tif").toString();
		Cli.run("metaseg", "label", "--model", model.toString(), "--input", data.resolve("test/images").toString(), "--output",
			dir.resolve("no/such/folder").toString()).fails(Main.USAGE, "does not exist");
		Cli.run("metaseg", "label", "--model", model.toString(), "--input", image, "--output", dir.resolve("x.nii.gz").toString(), "--scale",
			"2").fails(Main.USAGE, "scale 2", "NIfTI");
		Path existing = dir.resolve("existing.tif");
		byte[] before = { 1, 2, 3 };
		Files.write(existing, before);
		Cli.run("metaseg", "label", "--model", model.toString(), "--input", image, "--output", existing.toString())
			.fails(Main.USAGE, "already exists");
		assertArrayEquals(before, Files.readAllBytes(existing));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(List.of(existing), files.toList());
		}
	}

	@Test
	void labelRefusesAReadOnlyFolder(@TempDir Path dir) throws IOException {
		assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
		Path locked = Files.createDirectory(dir.resolve("locked"));
		assumeTrue(locked.toFile().setWritable(false));
		try {
			Cli.run("metaseg", "label", "--model", model.toString(), "--input", data.resolve("test/images").toString(), "--output",
				locked.toString()).fails(Main.USAGE, "not writable");
		}
		finally {
			locked.toFile().setWritable(true);
		}
	}

	static Cli.Result withHome(Path home, java.util.function.Supplier<Cli.Result> run) {
		String before = System.getProperty("labelfit.home");
		System.setProperty("labelfit.home", home.toString());
		try {
			return run.get();
		}
		finally {
			if (before == null) System.clearProperty("labelfit.home");
			else System.setProperty("labelfit.home", before);
		}
	}

	static void copyFolder(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path p : files.toList()) {
				Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
	}

	static String[] concat(String[] a, String[] b) {
		return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
	}
}
