package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labelfit ossnet train} end to end on tiny TIFF volumes, and its bad input. */
class OssNetTrainCliTest {

	static final int NX = 24, NY = 24, NZ = 12;

	@TempDir
	Path dir;

	/** A TIFF stack of NZ planes whose voxel is {@code value(x, y, z)}. */
	interface Voxel {
		float at(int x, int y, int z);
	}

	static void tiff(Path file, int nz, Voxel v) {
		ImageStack stack = new ImageStack(NX, NY);
		for (int z = 0; z < nz; z++) {
			float[] p = new float[NX * NY];
			for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) p[y * NX + x] = v.at(x, y, z);
			stack.addSlice(new FloatProcessor(NX, NY, p));
		}
		ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
		assertTrue(nz == 1 ? new FileSaver(imp).saveAsTiff(file.toString()) : new FileSaver(imp).saveAsTiffStack(file.toString()));
	}

	/** Three cubes of label 1 (and a label-2 voxel) in noisy volumes, under images/ and labels/. */
	void data(boolean emptyLast) throws IOException {
		Files.createDirectories(dir.resolve("images"));
		Files.createDirectories(dir.resolve("labels"));
		Random rng = new Random(4);
		for (int i = 0; i < 3; i++) {
			int c = 8 + 2 * i;
			boolean empty = emptyLast && i == 2;
			Voxel label = (x, y, z) -> empty ? 0 : Math.abs(x - c) <= 4 && Math.abs(y - c) <= 4 && Math.abs(z - 6) <= 3 ? 1 : x == 0 && y == 0 && z == 0 ? 2 : 0;
			tiff(dir.resolve("labels/case" + i + ".tif"), NZ, label);
			tiff(dir.resolve("images/case" + i + ".tif"), NZ, (x, y, z) -> label.at(x, y, z) + (float) (0.3 * rng.nextGaussian()));
		}
	}

	String[] args(Path out, String... more) {
		return argsOnGrid(out, "32,32,16", more);
	}

	String[] argsOnGrid(Path out, String grid, String... more) {
		List<String> a = new ArrayList<>(List.of("ossnet", "train", "--images", dir.resolve("images").toString(), "--labels",
			dir.resolve("labels").toString(), "--out", out.toString(), "--variant", "A", "--grid", grid, "--encoder-blocks", "1", "--epochs",
			"1", "--points", "64", "--batch", "1", "--validation-points", "512", "--label", "1", "--seed", "3", "--device", "cpu"));
		a.addAll(List.of(more));
		return a.toArray(String[]::new);
	}

	@Test
	void trainsAndRecordsTheRun() throws IOException {
		data(false);
		Path out = dir.resolve("tiny.labelfit"), curve = dir.resolve("curve.png");
		String said = Cli.run(args(out, "--loss-curve", curve.toString())).succeeds().out();
		assertTrue(said.contains("Saved OSS-Net model to " + out) && said.contains("OSS-Net A, 1 channel, 1 encoder blocks, grid 32×32×16"), said);
		assertTrue(Files.size(curve) > 0);
		JsonObject info = JsonParser.parseString(Cli.run("info", out.toString()).succeeds().out()).getAsJsonObject();
		JsonObject training = info.getAsJsonObject("provenance");
		assertEquals(3, training.get("seed").getAsLong());
		assertEquals(64, training.get("points_per_volume").getAsInt());
		assertEquals(1, training.get("foreground_label").getAsInt());
		assertEquals(1, training.getAsJsonArray("validation_volumes").size());
		assertEquals("label 1", info.getAsJsonArray("classes").get(1).getAsJsonObject().get("name").getAsString());
	}

	@Test
	void badInputFailsInOneLineAndWritesNothing() throws IOException {
		data(true);
		Path out = dir.resolve("never.labelfit");
		Cli.run(args(out)).fails(Main.USAGE, "case2.tif has no voxel of label 1");
		Files.delete(dir.resolve("labels/case2.tif"));
		Files.delete(dir.resolve("images/case2.tif"));
		Cli.run(argsOnGrid(out, "30,32,16")).fails(Main.USAGE, "every side must be a multiple of 4");
		Cli.run(args(dir.resolve("missing/never.labelfit"))).fails(Main.USAGE, "output folder does not exist");
		Cli.run(args(out, "--border-fraction", "1.5")).fails(Main.USAGE, "border fraction must be in [0, 1]");
		tiff(dir.resolve("images/case1.tif"), 1, (x, y, z) -> x);
		Cli.run(args(out)).fails(Main.USAGE, "case1 is a 2D image");
		assertFalse(Files.exists(out));
		Path kept = Files.writeString(dir.resolve("kept.labelfit"), "precious");
		Cli.run(args(kept)).fails(Main.USAGE, "already exists");
		assertEquals("precious", Files.readString(kept));
	}
}
