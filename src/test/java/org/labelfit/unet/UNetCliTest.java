package org.labelfit.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.cli.Main;
import org.labelfit.sample.SampleData;

import ij.IJ;
import ij.ImagePlus;

/** {@code labelfit unet train} then {@code labelfit unet label} in-process, and what they refuse. */
class UNetCliTest {

	record Result(int code, String out, String err) {}

	static Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			code = Main.run(args, o, e);
		}
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void trainThenLabel(@TempDir Path dir) {
		SampleData.write(dir.resolve("data"), 7, 6, 2, 32);
		Path model = dir.resolve("tiny-unet.labelfit");
		String images = dir.resolve("data/train/images").toString(), labels = dir.resolve("data/train/labels").toString();
		Result t = run("unet", "train", "--images", images, "--labels", labels, "--out", model.toString(), "--size", "32", "--features", "4",
			"--epochs", "1", "--batch", "8", "--lr", "1e-3", "--seed", "422", "--device", "cpu");
		assertEquals(Main.OK, t.code(), t.err());
		assertTrue(t.out().contains("Saved U-Net model to " + model) && t.out().contains("5 classes"), t.out());
		assertTrue(t.err().contains("U-Net training 1/1"), t.err());
		assertEquals("labelfit unet train --images " + images, String.valueOf(UNetModelFile.load(model).provenance().get("command"))
			.substring(0, 29 + images.length()));

		Path out = dir.resolve("labels");
		Result l = run("unet", "label", "--model", model.toString(), "--input", dir.resolve("data/test/images").toString(), "--output",
			out.toString(), "--device", "cpu");
		assertEquals(Main.OK, l.code(), l.err());
		ImagePlus labelled = IJ.openImage(out.resolve("subject_000_labels.tif").toString());
		assertEquals(16, labelled.getBitDepth());
		assertEquals(32, labelled.getWidth());
		assertTrue(Files.isRegularFile(out.resolve("subject_001_labels.tif")));

		Path volume = dir.resolve("volume_labels.tif");
		Result v = run("unet", "label", "--model", model.toString(), "--input",
			dir.resolve("data/phantom3d/images/phantom3d_000.tif").toString(), "--output", volume.toString(), "--device", "cpu");
		assertEquals(Main.OK, v.code(), v.err());
		assertEquals(SampleData.DEPTH_3D, IJ.openImage(volume.toString()).getStackSize());

		Result again = run("unet", "train", "--images", images, "--labels", labels, "--out", model.toString());
		assertEquals(Main.USAGE, again.code());
		assertTrue(again.err().strip().endsWith("already exists; choose another name or allow overwriting"), again.err());
		Result odd = run("unet", "train", "--images", images, "--labels", labels, "--out", dir.resolve("x.labelfit").toString(), "--size", "40");
		assertEquals(Main.USAGE, odd.code());
		assertTrue(odd.err().contains("size must be a multiple of 16"), odd.err());
		Result wrong = run("metaseg", "label", "--model", model.toString(), "--input", images, "--output", dir.resolve("m").toString());
		assertEquals(Main.USAGE, wrong.code());
		assertTrue(wrong.err().contains("unet model, not a metaseg model"), wrong.err());
	}
}
