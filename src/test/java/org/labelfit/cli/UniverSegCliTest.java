package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.image.LabelImages;
import org.labelfit.universeg.UniverSegConfig;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegNet;

/** universeg segment / import-weights / train through the command line: outputs, and what is refused. */
class UniverSegCliTest {

	@TempDir
	static Path root;
	static Path data, model, images, labels;

	@BeforeAll
	static void tinyModelAndPhantoms() {
		data = root.resolve("phantoms");
		Cli.run("sample-data", "generate", "--out", data.toString(), "--train", "4", "--test", "2", "--size", "40").succeeds();
		images = data.resolve("train/images");
		labels = data.resolve("train/labels");
		UniverSegConfig config = UniverSegConfig.uniform(8, 4);
		model = root.resolve("tiny-universeg.labelfit");
		UniverSegModelFile.save(model, new UniverSegModel(config, 32, UniverSegNet.initialWeights(config, 1), null, Map.of()), () -> false);
	}

	private static String[] segment(Path out, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("universeg", "segment", "--model", model.toString(), "--support-images",
			images.toString(), "--support-labels", labels.toString(), "--input", data.resolve("test/images").toString(), "--output",
			out.toString(), "--device", "cpu"));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	@Test
	void segmentsAFolderIntoLabelFilesNamedAfterTheQueries(@TempDir Path dir) throws IOException {
		Path out = dir.resolve("labels");
		Cli.Result r = Cli.run(segment(out, "--support-size", "2", "--ensemble", "2", "--labels", "1,3", "--overlays")).succeeds();
		List<String> written;
		try (Stream<Path> files = Files.list(out)) {
			written = files.map(p -> p.getFileName().toString()).sorted().toList();
		}
		List<String> queries;
		try (Stream<Path> files = Files.list(data.resolve("test/images"))) {
			queries = files.map(p -> p.getFileName().toString().replace(".tif", "")).sorted().toList();
		}
		assertEquals(5, written.size(), written.toString()); // and the command line's manifest
		assertTrue(written.contains(org.labelfit.batch.Manifest.FILE), written.toString());
		for (String q : queries) assertTrue(written.contains(q + "_labels.tif") && written.contains(q + "_overlay.png"), written.toString());
		assertTrue(r.err().contains("support: 4 labelled slices; 2 per query, ensemble of 2"), r.err());
		ImagePlus result = IJ.openImage(out.resolve(queries.get(0) + "_labels.tif").toString());
		ImagePlus query = IJ.openImage(data.resolve("test/images/" + queries.get(0) + ".tif").toString());
		assertArrayEquals(new int[] { query.getWidth(), query.getHeight() }, new int[] { result.getWidth(), result.getHeight() });
		assertEquals(16, result.getBitDepth());
		assertTrue(String.valueOf(result.getProp(LabelImages.CLASSES_PROPERTY)).contains("label 3"));
		short[] px = (short[]) result.getProcessor().getPixels();
		for (short v : px) assertTrue(v == 0 || v == 1 || v == 3, "label " + v);
	}

	@Test
	void badSupportsAreNamedAndNothingIsWritten(@TempDir Path dir) throws IOException {
		Path out = dir.resolve("labels");
		Path empty = Files.createDirectories(dir.resolve("empty"));
		Cli.run("universeg", "segment", "--model", model.toString(), "--support-images", empty.toString(), "--support-labels",
			labels.toString(), "--input", data.resolve("test/images").toString(), "--output", out.toString()).fails(Main.USAGE, "no images found");
		// one image without its label
		Path fewer = Files.createDirectories(dir.resolve("fewer"));
		try (Stream<Path> files = Files.list(labels)) {
			files.sorted().skip(1).forEach(f -> copy(f, fewer.resolve(f.getFileName())));
		}
		Cli.run("universeg", "segment", "--model", model.toString(), "--support-images", images.toString(), "--support-labels",
			fewer.toString(), "--input", data.resolve("test/images").toString(), "--output", out.toString()).fails(Main.USAGE,
				"1 image(s) have no label");
		// labels that are not whole numbers, and labels of another size
		Path soft = Files.createDirectories(dir.resolve("soft")), small = Files.createDirectories(dir.resolve("small"));
		try (Stream<Path> files = Files.list(labels)) {
			for (Path f : files.toList()) {
				FloatProcessor fp = new FloatProcessor(40, 40);
				fp.putPixelValue(3, 3, 0.5);
				new FileSaver(new ImagePlus("soft", fp)).saveAsTiff(soft.resolve(f.getFileName()).toString());
				new FileSaver(new ImagePlus("small", new FloatProcessor(20, 20))).saveAsTiff(small.resolve(f.getFileName()).toString());
			}
		}
		Cli.run("universeg", "segment", "--model", model.toString(), "--support-images", images.toString(), "--support-labels",
			soft.toString(), "--input", data.resolve("test/images").toString(), "--output", out.toString()).fails(Main.USAGE, "whole number");
		Cli.run("universeg", "segment", "--model", model.toString(), "--support-images", images.toString(), "--support-labels",
			small.toString(), "--input", data.resolve("test/images").toString(), "--output", out.toString()).fails(Main.USAGE, "40×40",
				"20×20");
		Cli.run(segment(out, "--labels", "2,9")).fails(Main.USAGE, "label 9 appears in none of the 4 support masks");
		// v1 at 128²: 80 MB + 14 MB per support example, so 100 MB allow one
		Path v1 = dir.resolve("v1.labelfit");
		UniverSegModelFile.save(v1, new UniverSegModel(UniverSegConfig.v1(), 128, UniverSegNet.initialWeights(UniverSegConfig.v1(), 1), null,
			Map.of()), () -> false);
		Cli.run("universeg", "segment", "--model", v1.toString(), "--support-images", images.toString(), "--support-labels", labels.toString(),
			"--input", data.resolve("test/images").toString(), "--output", out.toString(), "--memory-limit", "100", "--support-size", "4")
			.fails(Main.USAGE, "support size 4 needs about 136 MB per query but only 100 MB are allowed; use a support size of at most 1");
		Cli.run(segment(out, "--ensemble", "0")).fails(Main.USAGE, "ensemble size must be 1 or more");
		assertFalse(Files.exists(out));
	}

	@Test
	void modelsAndWeightsOfTheWrongKindAreRefused(@TempDir Path dir) throws IOException {
		Path out = dir.resolve("labels");
		Path metaseg = Files.writeString(dir.resolve("not-a-model.labelfit"), "hello");
		Cli.run("universeg", "segment", "--model", metaseg.toString(), "--support-images", images.toString(), "--support-labels",
			labels.toString(), "--input", data.resolve("test/images").toString(), "--output", out.toString())
			.fails(Main.USAGE, "not-a-model.labelfit is not a LabelFit model file");
		Path weights = Files.write(dir.resolve("weights.npz"), new byte[] { 1, 2, 3 });
		Cli.run("universeg", "import-weights", weights.toString(), "--out", dir.resolve("u.labelfit").toString())
			.fails(Main.USAGE, "weights.npz is not a valid .npz archive");
		assertFalse(Files.exists(dir.resolve("u.labelfit")));
		// an existing output is kept
		Path existing = Files.writeString(dir.resolve("existing.labelfit"), "keep me");
		Cli.run("universeg", "import-weights", weights.toString(), "--out", existing.toString()).fails(Main.USAGE, "existing.labelfit");
		assertEquals("keep me", Files.readString(existing));
	}

	@Test
	void trainsFromDatasetFoldersAndTheModelSegments(@TempDir Path dir) {
		Path out = dir.resolve("trained.labelfit");
		Cli.Result r = Cli.run("universeg", "train", "--data", data.resolve("train").toString(), "--out", out.toString(), "--steps", "3",
			"--support-size", "2", "--width", "8", "--size", "32", "--checkpoint-every", "0", "--device", "cpu",
			"--loss-curve", dir.resolve("loss.png").toString()).succeeds();
		assertTrue(r.out().contains("Saved UniverSeg model to " + out), r.out());
		UniverSegModel m = UniverSegModelFile.load(out);
		assertTrue(String.valueOf(m.provenance().get("command")).startsWith("labelfit universeg train --data "));
		Cli.run("universeg", "segment", "--model", out.toString(), "--support-images", images.toString(), "--support-labels",
			labels.toString(), "--input", data.resolve("test/images").toString(), "--output", dir.resolve("labels").toString()).succeeds();
		Cli.run("universeg", "train", "--out", dir.resolve("x.labelfit").toString()).fails(Main.USAGE, "no training data");
		Cli.run("universeg", "train", "--data", data.resolve("train").toString(), "--out", dir.resolve("x.labelfit").toString(), "--steps",
			"0").fails(Main.USAGE, "steps must be 1 or more");
	}

	@Test
	void taskBenchmarkScoresUniverSegAndTheForestOnTheSameSupports(@TempDir Path dir) throws IOException {
		Path json = dir.resolve("tasks.json");
		Cli.run("bench", "universeg-tasks", "--model", model.toString(), "--tasks", data.resolve("train").toString(), "--support-sizes",
			"1,2,9", "--ensemble", "2", "--queries", "2", "--json", json.toString(), "--device", "cpu").succeeds();
		com.google.gson.JsonObject result = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		com.google.gson.JsonArray rows = result.getAsJsonArray("rows");
		// S = 9 cannot be drawn from the 3 other examples, so it is left out
		assertEquals(2, rows.size());
		for (var row : rows) {
			var r = row.getAsJsonObject();
			assertEquals(2, r.get("queries").getAsInt());
			for (String key : List.of("universeg_mean", "universeg_ensemble_mean", "forest_mean")) {
				double v = r.get(key).getAsDouble();
				assertTrue(v >= 0 && v <= 1, key + " " + v);
			}
		}
	}

	/** Real ACDC volumes: supports are slices of two other patients' volumes; NIfTI in, NIfTI out with the same grid. */
	@Test
	void segmentsARealVolumeFromOtherVolumes(@TempDir Path dir) throws IOException {
		Path acdc = Path.of(System.getProperty("labelfit.shared", "../shared"), "data", "acdc_ssl4mis_3d");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(acdc), "shared data not available: " + acdc);
		Path query = acdc.resolve("patient002_frame01_img.nii.gz"), out = dir.resolve("p2_labels.nii.gz");
		Cli.run("universeg", "segment", "--model", model.toString(), "--support-images", acdc.resolve("patient00[17]_frame01_img.nii.gz")
			.toString(), "--support-labels", acdc.resolve("patient00[17]_frame01_gt.nii.gz").toString(), "--support-image-suffix", "_img",
			"--support-label-suffix", "_gt", "--support-size", "4", "--input", query.toString(), "--output", out.toString(), "--device",
			"cpu").succeeds();
		org.labelfit.io.ImageData in = org.labelfit.io.ImageFiles.read(query), labels = org.labelfit.io.ImageFiles.read(out);
		assertArrayEquals(in.dims(), labels.dims());
		short[][] planes = labels.labelPlanes();
		for (short[] plane : planes) for (short v : plane) assertTrue(v >= 0 && v <= 3, "label " + v);
	}

	private static void copy(Path from, Path to) {
		try {
			Files.copy(from, to);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
