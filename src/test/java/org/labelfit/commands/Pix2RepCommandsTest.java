package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.macroError;
import static org.labelfit.commands.CommandTests.path;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.labelfit.commands.pix2rep.Pix2RepImportCommand;
import org.labelfit.commands.pix2rep.Pix2RepPretrainCommand;
import org.labelfit.io.ImageFiles;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepModelFile;
import org.labelfit.pix2rep.Pix2RepPreprocessing;
import org.labelfit.pix2rep.Pix2RepPretrainer;
import org.labelfit.pix2rep.Pix2RepPretrainerTest;
import org.labelfit.train.CancelledException;
import org.labelfit.train.LossHistory;

/**
 * The Pix2Rep commands headless, through CommandService and real macros, at a tiny size (w = 2, F = 8, 32×32, one
 * epoch): where the images come from, what is written and recorded, and the errors; the method itself is tested in
 * org.labelfit.pix2rep.
 */
class Pix2RepCommandsTest {

	/** The tiny configuration's options, as a macro gives them. */
	static final String TINY = "width=2 features=8 epochs=1 batch=4 pixels=64 size=32 device=cpu";

	@TempDir
	static Path data;

	static Path scans;
	static Context context;
	static CommandService commands;

	@BeforeAll
	static void writeImagesAndStartContext() {
		scans = data.resolve("unlabelled scans");
		List<float[]> slices = Pix2RepPretrainerTest.syntheticSlices(7, 3);
		try {
			Files.createDirectory(scans);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		// four 2D images and one 3-slice volume: pretraining sees 7 slices
		for (int i = 0; i < 4; i++) new FileSaver(new ImagePlus("s" + i, slice(slices.get(i)))).saveAsTiff(path(scans.resolve("scan_" + i + ".tif")));
		new FileSaver(stack("volume", slices.subList(4, 7))).saveAsTiffStack(path(scans.resolve("volume.tif")));
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		LabelFitMacros.register();
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	@AfterEach
	void closeImages() {
		CommandTests.closeImages();
	}

	private static FloatProcessor slice(float[] pixels) {
		return new FloatProcessor(Pix2RepPretrainerTest.SIZE, Pix2RepPretrainerTest.SIZE, pixels.clone());
	}

	private static ImagePlus stack(String title, List<float[]> slices) {
		ImageStack stack = new ImageStack(Pix2RepPretrainerTest.SIZE, Pix2RepPretrainerTest.SIZE);
		for (float[] s : slices) stack.addSlice(slice(s));
		return new ImagePlus(title, stack);
	}

	private static CommandModule pretrain(Object... inputs) throws Exception {
		Object[] all = new Object[inputs.length + 14];
		Object[] tiny = { "width", 2, "features", 8, "epochs", 1, "batch", 4, "pixels", 64, "size", 32, "device", "cpu" };
		System.arraycopy(tiny, 0, all, 0, tiny.length);
		System.arraycopy(inputs, 0, all, tiny.length, inputs.length);
		return CommandTests.run(commands, Pix2RepPretrainCommand.class, all);
	}

	private static String commandError(Class<? extends Command> type, Object... inputs) {
		return CommandTests.commandError(commands, type, inputs);
	}

	/** An official-layout state dict of zeros for {@code config}. */
	private static Path stateDict(Pix2RepConfig config, String name) throws IOException {
		Map<String, Tensor> w = new LinkedHashMap<>();
		Map<String, long[]> shapes = new LinkedHashMap<>(config.backboneShapes());
		shapes.putAll(config.headShapes());
		shapes.forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		Path file = data.resolve(name);
		Files.write(file, Safetensors.write(w, Map.of()));
		return file;
	}

	@Test
	void commandPretrainsOnTheOpenStackAllItsSlices() throws Exception {
		Path out = data.resolve("from stack.labelfit");
		ImagePlus volume = stack("scan volume", Pix2RepPretrainerTest.syntheticSlices(3, 5));
		CommandModule m = pretrain("input", volume, "model", out.toFile(), "loss", "barlow");
		assertEquals(out.toFile(), m.getOutput("model_file"));
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals(new Pix2RepConfig(2, 8, 0), model.config());
		assertEquals(32, model.size());
		assertTrue(model.hasProjection());
		assertEquals(List.of("open image scan volume"), model.provenance().get("images"));
		assertTrue(String.valueOf(model.provenance().get("source")).contains("Barlow"), model.provenance().toString());
		// one slice cannot be split into training and validation: the stack's slices are what was counted
		ImagePlus single = stack("one slice", Pix2RepPretrainerTest.syntheticSlices(1, 5));
		String error = commandError(Pix2RepPretrainCommand.class, "input", single, "model", data.resolve("single.labelfit").toFile(), "size", 32);
		assertEquals("pretraining needs at least 2 slices (one is held out for validation), got 1", error);
		error = commandError(Pix2RepPretrainCommand.class, "input", stack("two", Pix2RepPretrainerTest.syntheticSlices(2, 5)), "model",
			data.resolve("two.labelfit").toFile(), "size", 32);
		assertTrue(error.startsWith("pretraining at size 32 needs at least 3 slices"), error);
	}

	@Test
	void pretrainCropsToTheRectangleDrawnOnTheStack() throws Exception {
		ImagePlus volume = stack("cropped volume", Pix2RepPretrainerTest.syntheticSlices(3, 6));
		Path out = data.resolve("cropped.labelfit");
		String error = commandError(Pix2RepPretrainCommand.class, "input", volume, "model", out.toFile(), "crop", "selection");
		assertEquals("crop=selection: cropped volume has no rectangular selection; draw a rectangle around the region", error);
		assertFalse(Files.exists(out));
		volume.setRoi(3, 4, 20, 18);
		pretrain("input", volume, "model", out.toFile(), "crop", "selection", "interpolation", "nearest");
		Pix2RepPreprocessing pre = Pix2RepModelFile.load(out).preprocessing();
		assertEquals(new Pix2RepPreprocessing.Crop("3", "4", "20", "18"), pre.crop());
		assertEquals(Pix2RepPreprocessing.Interpolation.NEAREST, pre.interpolation());
		error = commandError(Pix2RepPretrainCommand.class, "images", path(scans), "model", data.resolve("c2.labelfit").toFile(), "crop", "selection");
		assertEquals("crop=selection needs the open image (images= blank); give files a crop X,Y,W,H", error);
	}

	@Test
	void exampleMacroPretrainsOnAFolder() throws IOException {
		Path out = data.resolve("from folder.labelfit");
		MacroRunner.run(Path.of("macros/pix2rep_pretrain.ijm"), "images=[" + path(scans) + "] model=[" + path(out) + "] " + TINY);
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals(new Pix2RepConfig(2, 8, 0), model.config());
		assertEquals(List.of(path(scans)), model.provenance().get("images"));
		assertEquals("run(\"Pix2Rep Pretrain\", \"images=[" + path(scans) + "] model=[" + path(out) + "] width=2 features=8 loss=infonce " +
			"epochs=1 batch=4 pixels=64 temperature=0.53 learning_rate=4.7E-4 size=32 interpolation=bilinear seed=42 device=cpu\");",
			model.provenance().get("command"));
	}

	@Test
	void macroPretrainsOnTheCurrentImage() {
		Path out = data.resolve("macro stack.labelfit");
		MacroRunner.run("open(\"" + path(scans.resolve("volume.tif")) + "\");\nrun(\"Pix2Rep Pretrain\", \"model=[" + path(out) + "] " + TINY +
			"\");", "", "current.ijm");
		assertEquals(List.of("open image volume.tif"), Pix2RepModelFile.load(out).provenance().get("images"));
	}

	@Test
	void pretrainBadInputWritesNothing() throws IOException {
		Path out = data.resolve("never.labelfit");
		String error = macroError("run(\"Pix2Rep Pretrain\", \"model=[" + path(out) + "] " + TINY + "\");");
		assertTrue(error.startsWith("test.ijm line 1: Pix2Rep Pretrain: no images: give images="), error);
		Path empty = Files.createDirectories(data.resolve("empty"));
		error = commandError(Pix2RepPretrainCommand.class, "images", path(empty), "model", out.toFile());
		assertTrue(error.startsWith("no images found in"), error);
		error = commandError(Pix2RepPretrainCommand.class, "images", path(scans), "model", out.toFile(), "loss", "simclr");
		assertEquals("loss must be infonce or barlow, not 'simclr'", error);
		error = commandError(Pix2RepPretrainCommand.class, "images", path(scans), "model", data.resolve("no folder/m.labelfit").toFile());
		assertTrue(error.startsWith("output folder does not exist"), error);
		error = macroError("run(\"Pix2Rep Pretrain\", \"images=[" + path(scans) + "] model=[" + path(out) + "] width=0\");");
		assertTrue(error.contains("Pix2Rep width must be between 1 and 512, got 0"), error);
		error = commandError(Pix2RepPretrainCommand.class, "images", path(scans), "model", out.toFile(), "size", 32, "batch", 1);
		assertTrue(error.startsWith("batch must be 2 or more at size 32"), error);
		assertFalse(Files.exists(out));

		Path kept = data.resolve("kept.labelfit");
		Files.writeString(kept, "precious");
		error = commandError(Pix2RepPretrainCommand.class, "input", stack("v", Pix2RepPretrainerTest.syntheticSlices(2, 1)), "model", kept.toFile());
		assertTrue(error.endsWith("kept.labelfit already exists; choose another name or allow overwriting"), error);
		assertEquals("precious", Files.readString(kept));
	}

	@Test
	void cancellingBeforeTheFirstValidationWritesNothing() {
		Path out = data.resolve("cancelled.labelfit");
		Pix2RepPretrainer.Request r = new Pix2RepPretrainer.Request(List.of("open image v"), 2, 8, Pix2RepPretrainer.Loss.INFONCE, 1, 4, 64,
			0.53, 1e-3, Pix2RepPretrainer.BARLOW_LAMBDA, 32, 1, "cpu", "test");
		ImagePlus volume = stack("v", Pix2RepPretrainerTest.syntheticSlices(3, 1));
		assertThrows(CancelledException.class, () -> Pix2Rep.pretrain(r, List.of(ImageFiles.toImageData(volume, "v")), out, false,
			new FijiProgress("test", () -> true), new LossHistory()));
		assertFalse(Files.exists(out));
	}

	@Test
	void importWeights() throws Exception {
		Path weights = stateDict(new Pix2RepConfig(2, 5, 4), "unet_cl.safetensors"), out = data.resolve("imported.labelfit");
		CommandModule m = CommandTests.run(commands, Pix2RepImportCommand.class, "weights", weights.toFile(), "model", out.toFile());
		assertEquals(out.toFile(), m.getOutput("model_file"));
		Pix2RepModel imported = Pix2RepModelFile.load(out);
		assertEquals(new Pix2RepConfig(2, 5, 4), imported.config());
		assertEquals("run(\"Pix2Rep Import Weights\", \"weights=" + path(weights) + " model=" + path(out) + "\");",
			imported.provenance().get("command"));
		long size = Files.size(out);
		String error = macroError("run(\"Pix2Rep Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(out) + "]\");");
		assertTrue(error.startsWith("test.ijm line 1: Pix2Rep Import Weights: ") && error.contains("already exists"), error);
		assertEquals(size, Files.size(out));
		MacroRunner.run("run(\"Pix2Rep Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(out) + "] overwrite\");", "", "ow.ijm");
	}

	@Test
	void importBadWeights() throws IOException {
		Path corrupt = data.resolve("corrupt.npz"), out = data.resolve("bad import.labelfit");
		byte[] noise = new byte[4096];
		new Random(3).nextBytes(noise);
		Files.write(corrupt, noise);
		String error = macroError("run(\"Pix2Rep Import Weights\", \"weights=[" + path(corrupt) + "] model=[" + path(out) + "]\");");
		assertTrue(error.contains("corrupt.npz is not a valid .npz archive"), error);
		Map<String, Tensor> extra = new LinkedHashMap<>();
		Pix2RepConfig c = new Pix2RepConfig(2, 3, 0);
		c.backboneShapes().forEach((k, s) -> extra.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		extra.put("decoder.extra", new Tensor(new long[] { 1 }, new float[1]));
		Path odd = data.resolve("odd.safetensors");
		Files.write(odd, Safetensors.write(extra, Map.of()));
		error = commandError(Pix2RepImportCommand.class, "weights", odd.toFile(), "model", out.toFile());
		assertEquals("odd.safetensors: unexpected Pix2Rep weight 'decoder.extra'; is this an official Pix2Rep U-Net state dict?", error);
		assertFalse(Files.exists(out));
	}

	@Test
	void sciJavaCommandsStayOutOfTheMenus() {
		for (Class<? extends Command> type : List.of(Pix2RepPretrainCommand.class, Pix2RepImportCommand.class)) {
			CommandInfo info = commands.getCommand(type);
			assertFalse(info.isVisible(), type.getSimpleName());
			assertTrue(info.getMenuPath().getMenuString().startsWith("Plugins > LabelFit > Pix2Rep > "), info.getMenuPath().getMenuString());
		}
	}

	@Test
	void pretrainMacroCallUsesTheDocumentedKeys() throws Exception {
		assertEquals("run(\"Pix2Rep Pretrain\", \"images=/d/scans model=/m.labelfit width=16 features=128 loss=infonce epochs=200 batch=8 " +
			"pixels=1000 temperature=0.53 learning_rate=4.7E-4 size=128 interpolation=bilinear seed=42 device=auto\");",
			CommandTests.macroCall(Pix2RepPretrainCommand.class, "images", "/d/scans", "model", new File("/m.labelfit")));
	}
}
