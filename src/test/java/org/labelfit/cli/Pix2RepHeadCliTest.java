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
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.model.Tensor;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepModelFile;
import org.labelfit.pix2rep.Pix2RepNet;
import org.labelfit.pix2rep.Pix2RepPreprocessing;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

/** train-head and segment end to end on a small synthetic task: a bright disc (class 1) on a dim noisy background. */
class Pix2RepHeadCliTest {

	static final int W = 48, H = 40;

	@TempDir
	Path dir;

	/**
	 * A randomly initialised backbone saved as a pretrained model, its BatchNorm statistics calibrated on disc images by
	 * training-mode passes (without them, eval mode shrinks the signal layer by layer). The task needs only intensity,
	 * which random features keep.
	 */
	private Path pretrained() {
		Engines.seed(7);
		Pix2RepNet net = new Pix2RepNet(new Pix2RepConfig(4, 16, 0));
		Map<String, Tensor> weights;
		Random r = new Random(3);
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			net.initialize(m);
			ParameterStore ps = new ParameterStore(m, false);
			for (int pass = 0; pass < 30; pass++) {
				float[] x = new float[4 * 32 * 32];
				for (int b = 0; b < 4; b++) {
					double cx = 8 + 16 * r.nextDouble(), cy = 8 + 16 * r.nextDouble(), radius = 4 + 4 * r.nextDouble();
					for (int i = 0; i < 32 * 32; i++) x[b * 1024 + i] = Math.hypot(i % 32 - cx, i / 32 - cy) < radius ? 1 : 0;
				}
				net.forward(ps, new NDList(m.create(x, new Shape(4, 1, 32, 32))), true);
			}
			weights = net.export(true);
		}
		Path file = dir.resolve("pretrained.labelfit");
		Pix2RepModelFile.save(file, new Pix2RepModel(net.config(), true, Pix2RepPreprocessing.of(32), List.of(), weights, Map.of()), () -> false);
		return file;
	}

	/** A slice and its true labels: disc of radius 7-11 at a random place. */
	private static float[][] slice(Random r) {
		float[] image = new float[W * H], labels = new float[W * H];
		double cx = 14 + 20 * r.nextDouble(), cy = 14 + 12 * r.nextDouble(), radius = 7 + 4 * r.nextDouble();
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				boolean in = Math.hypot(x - cx, y - cy) < radius;
				image[y * W + x] = (float) ((in ? 0.8 : 0.2) + 0.05 * r.nextGaussian());
				labels[y * W + x] = in ? 1 : 0;
			}
		return new float[][] { image, labels };
	}

	private static void write(Path file, List<float[]> planes, boolean labels) {
		ImageStack stack = new ImageStack(W, H);
		for (float[] p : planes) {
			if (!labels) stack.addSlice(new FloatProcessor(W, H, p));
			else {
				byte[] b = new byte[p.length];
				for (int i = 0; i < p.length; i++) b[i] = (byte) p[i];
				stack.addSlice(new ByteProcessor(W, H, b));
			}
		}
		ImageFiles.writeImage(file, new ImagePlus(file.getFileName().toString(), stack));
	}

	/** Training data; in every label file the top quarter is marked 255, unlabelled. */
	private void trainingData(int n) throws IOException {
		Files.createDirectories(dir.resolve("images"));
		Files.createDirectories(dir.resolve("labels"));
		Random r = new Random(11);
		for (int i = 0; i < n; i++) {
			float[][] s = slice(r);
			for (int p = 0; p < W * H / 4; p++) s[1][p] = 255;
			write(dir.resolve("images/s" + i + ".tif"), List.of(s[0]), false);
			write(dir.resolve("labels/s" + i + ".tif"), List.of(s[1]), true);
		}
	}

	private static double foregroundDice(short[] predicted, float[] truth) {
		double inter = 0, p = 0, t = 0;
		for (int i = 0; i < truth.length; i++) {
			boolean a = predicted[i] == 1, b = truth[i] == 1;
			inter += a && b ? 1 : 0;
			p += a ? 1 : 0;
			t += b ? 1 : 0;
		}
		return 2 * inter / (p + t);
	}

	@Test
	void probeWithSparseLabelsThenSegmentANonSquareSliceAndAVolumeOnTheirOwnGrids() throws IOException {
		trainingData(6);
		Path model = dir.resolve("head.labelfit");
		String out = Cli.run("pix2rep", "train-head", "--model", pretrained().toString(), "--images", dir.resolve("images").toString(),
			"--labels", dir.resolve("labels").toString(), "--ignore-label", "255", "--class-names", "background,disc", "--epochs", "150",
			"--batch", "2", "--learning-rate", "0.1", "--out", model.toString()).succeeds().out();
		assertTrue(out.contains("background, disc"), out);
		Pix2RepModel m = Pix2RepModelFile.load(model);
		assertEquals("probe", m.provenance().get("mode"));
		assertEquals(64, ((String) m.provenance().get("pretrained_sha256")).length());

		Random r = new Random(99);
		List<float[][]> test = List.of(slice(r), slice(r), slice(r));
		Files.createDirectories(dir.resolve("test"));
		write(dir.resolve("test/one.tif"), List.of(test.get(0)[0]), false);
		write(dir.resolve("test/volume.tif"), test.stream().map(s -> s[0]).toList(), false);
		Path labels = Files.createDirectories(dir.resolve("out"));
		Cli.run("pix2rep", "segment", "--model", model.toString(), "--input", dir.resolve("test").toString(), "--output", labels.toString())
			.succeeds();
		ImageData one = ImageFiles.read(labels.resolve("one_labels.tif")), volume = ImageFiles.read(labels.resolve("volume_labels.tif"));
		assertArrayEquals(new long[] { W, H }, one.dims());
		assertArrayEquals(new long[] { W, H, 3 }, volume.dims());
		// intensity alone separates the classes (0.8 vs 0.2, noise 0.05), so the only errors a good probe leaves are the
		// disc's rim lost in the 32×32 grid and back (about one pixel of a 7-11 pixel radius): Dice well above 0.8
		short[][] planes = volume.labelPlanes();
		for (int z = 0; z < 3; z++) {
			double dice = foregroundDice(planes[z], test.get(z)[1]);
			assertTrue(dice > 0.8, "slice " + z + " Dice " + dice);
		}
		// the single slice is clipped on its own percentiles, not the volume's, so it is checked on its own
		double dice = foregroundDice(one.labelPlanes()[0], test.get(0)[1]);
		assertTrue(dice > 0.8, "2D slice Dice " + dice);
	}

	@Test
	void meanTeacherFineTuningRecordsItselfAndItsErrorsTakeOneLine() throws IOException {
		trainingData(4);
		Path pre = pretrained(), out = dir.resolve("mt.labelfit"), empty = Files.createDirectories(dir.resolve("empty"));
		String images = dir.resolve("images").toString(), labels = dir.resolve("labels").toString();
		List<String> common = List.of("pix2rep", "train-head", "--model", pre.toString(), "--images", images, "--labels", labels,
			"--ignore-label", "255", "--epochs", "2", "--batch", "2", "--out", out.toString());
		Cli.run(with(common, "--mean-teacher", "--unlabelled", images)).fails(Main.USAGE, "--mode finetune", "not --mode probe");
		Cli.run(with(common, "--mode", "finetune", "--mean-teacher")).fails(Main.USAGE, "--unlabelled");
		Cli.run(with(common, "--mode", "finetune", "--mean-teacher", "--unlabelled", empty.toString())).fails(Main.USAGE, "no unlabelled images");
		Cli.run(with(common, "--mode", "finetune", "--mean-teacher", "--unlabelled", dir.resolve("missing").toString()))
			.fails(Main.USAGE, "--unlabelled", "not found");
		Cli.run(with(common, "--mode", "finetune", "--unlabelled", images)).fails(Main.USAGE, "only read with --mean-teacher");
		assertFalse(Files.exists(out));
		Cli.run(with(common, "--mode", "finetune", "--mean-teacher", "--unlabelled", images, "--ramp-up-epochs", "1")).succeeds();
		@SuppressWarnings("unchecked")
		Map<String, Object> mt = (Map<String, Object>) Pix2RepModelFile.load(out).provenance().get("mean_teacher");
		assertEquals(4, ((Number) mt.get("unlabelled_slices")).intValue());
		assertEquals(images, mt.get("unlabelled"));
	}

	private static String[] with(List<String> common, String... more) {
		List<String> all = new java.util.ArrayList<>(common);
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void badInputFailsInOneLineAndNothingIsOverwritten() throws IOException {
		trainingData(2);
		Path pre = pretrained(), out = dir.resolve("kept.labelfit");
		Files.writeString(out, "precious");
		String images = dir.resolve("images").toString(), labels = dir.resolve("labels").toString();
		Cli.run("pix2rep", "train-head", "--model", pre.toString(), "--images", images, "--labels", labels, "--out", out.toString())
			.fails(Main.USAGE, "already exists");
		Path fresh = dir.resolve("new.labelfit");
		Cli.run("pix2rep", "train-head", "--model", pre.toString(), "--images", images, "--labels", labels, "--ignore-label", "255",
			"--classes", "3", "--out", fresh.toString()).fails(Main.USAGE, "class 2", "appears in no label");
		Cli.run("pix2rep", "train-head", "--model", pre.toString(), "--images", images, "--labels", labels, "--out", fresh.toString())
			.fails(Main.USAGE, "appears in no label"); // 255 is read as a class
		Cli.run("pix2rep", "train-head", "--images", images, "--labels", labels, "--out", fresh.toString())
			.fails(Main.USAGE, "no pretrained model");
		// a label image of another size
		ImageFiles.writeImage(dir.resolve("labels/s1.tif"), new ImagePlus("s1", new ByteProcessor(W + 1, H)));
		Cli.run("pix2rep", "train-head", "--model", pre.toString(), "--images", images, "--labels", labels, "--out", fresh.toString())
			.fails(Main.USAGE, "s1.tif", "do not match");
		// a model of another method, for training and for segmenting
		Path unet = dir.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new java.util.LinkedHashMap<>();
		c.tensorShapes().forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of()), () -> false);
		Cli.run("pix2rep", "train-head", "--model", unet.toString(), "--images", images, "--labels", labels, "--out", fresh.toString())
			.fails(Main.USAGE, "unet");
		Cli.run("pix2rep", "segment", "--model", unet.toString(), "--input", images, "--output", dir.resolve("o").toString())
			.fails(Main.USAGE, "unet");
		// a pretrained backbone has no head to segment with
		Cli.run("pix2rep", "segment", "--model", pre.toString(), "--input", dir.resolve("images/s0.tif").toString(), "--output",
			dir.resolve("s0_labels.tif").toString()).fails(Main.USAGE, "no segmentation head");
		Cli.run("pix2rep", "train-head", "--model", pre.toString(), "--images", images, "--labels", labels, "--crop", "10%,10%,95%,50%",
			"--out", fresh.toString()).fails(Main.USAGE, "not inside");
		assertEquals("precious", Files.readString(out));
		assertFalse(Files.exists(fresh));
	}
}
