package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.assertLabelFile;
import static org.labelfit.commands.CommandTests.macroError;
import static org.labelfit.commands.CommandTests.path;

import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.LUT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.labelfit.commands.eval.EvaluateCommand;
import org.labelfit.commands.metaseg.MetaSegLabelCommand;
import org.labelfit.commands.metaseg.MetaSegTrainCommand;
import org.labelfit.commands.metaseg.MetaSegTrainRequest;
import org.labelfit.commands.sample.SampleDataCommand;
import org.labelfit.eval.SegmentationMetrics;
import org.labelfit.image.Images;
import org.labelfit.image.LabelImages;
import org.labelfit.metaseg.MetaSeg;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.sample.Phantoms;
import org.labelfit.sample.SampleData;
import org.labelfit.train.CancelledException;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** The commands headless: through CommandService, through real macros, and the example macros in macros/. */
class LabelFitCommandsTest {

	@TempDir
	static Path data;

	static Path model;
	static Context context;
	static CommandService commands;

	@BeforeAll
	static void trainTinyModel() {
		// 5 images: with fewer, MetaSeg validates on none and writes a model it cannot read back (NaN in model.json)
		SampleData.write(data, 7, 5, 2, 32);
		model = data.resolve("tiny.labelfit");
		MetaSeg.TrainRequest request = new MetaSeg.TrainRequest(data.resolve("train/images").toString(),
			data.resolve("train/labels").toString(), null, null, "2d", 0, Phantoms.CLASS_NAMES, 32, 3, 5, false, 1, 2, 0, "cpu", "test");
		MetaSeg.train(request, model, false, Progress.NONE, new LossHistory());
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		LabelFitMacros.register();
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	private static Path testImage(int i) {
		return data.resolve("test/images/subject_00" + i + ".tif");
	}

	private static Path testLabels(int i) {
		return data.resolve("test/labels/subject_00" + i + ".tif");
	}

	private static CommandModule runCommand(Class<? extends Command> type, Object... inputs) throws Exception {
		return CommandTests.run(commands, type, inputs);
	}
	private static String commandError(Class<? extends Command> type, Object... inputs) {
		return CommandTests.commandError(commands, type, inputs);
	}
	@Test
	void labelCommandGivesLabelImageAndOverlay() throws Exception {
		ImagePlus input = IJ.openImage(path(testImage(0)));
		Overlay mine = new Overlay(new Roi(1, 1, 4, 4));
		input.setOverlay(mine);
		CommandModule m = runCommand(MetaSegLabelCommand.class, "input", input, "model", model.toFile(), "fit_steps", 5);
		ImagePlus labels = (ImagePlus) m.getOutput("labels");
		assertEquals(ImagePlus.GRAY16, labels.getType());
		assertEquals(32, labels.getWidth());
		assertEquals(32, labels.getHeight());
		assertEquals("subject_000_labels", labels.getTitle());
		assertEquals(String.join(",", Phantoms.CLASS_NAMES), labels.getProp(LabelImages.CLASSES_PROPERTY));
		LUT lut = labels.getProcessor().getLut();
		List<Color> colors = LabelImages.defaultColors(Phantoms.CLASS_NAMES.size());
		for (int k = 0; k < colors.size(); k++) assertEquals(colors.get(k).getRGB(), lut.getRGB(k), "LUT entry " + k);
		int classRois = classRois(input).size();
		assertTrue(classRois > 0);
		assertEquals(classRois + 1, input.getOverlay().size(), "the user's ROI is kept");
		for (Roi roi : classRois(input)) assertTrue(Phantoms.CLASS_NAMES.contains(roi.getName()), roi.getName());

		runCommand(MetaSegLabelCommand.class, "input", input, "model", model.toFile(), "fit_steps", 5);
		assertEquals(classRois + 1, input.getOverlay().size(), "labelling again replaces LabelFit's ROIs");
	}

	private static List<Roi> classRois(ImagePlus imp) {
		List<Roi> rois = new ArrayList<>();
		for (Roi roi : imp.getOverlay().toArray()) if (roi.getProperty(LabelOutput.ROI_PROPERTY) != null) rois.add(roi);
		return rois;
	}

	@Test
	void labelMacroMakesTheLabelImageActiveInBatchMode() {
		MacroRunner.run("open(\"" + path(testImage(1)) + "\");\nrun(\"MetaSeg Fit and Label\", \"model=[" + path(model)
			+ "] fit_steps=5 add_overlay\");\ncall(\"" + ActiveImage.class.getName() + ".capture\");", "", "label.ijm");
		ImagePlus result = ActiveImage.image;
		assertEquals("subject_001_labels", result.getTitle());
		assertEquals(ImagePlus.GRAY16, result.getType());
		assertEquals(String.join(",", Phantoms.CLASS_NAMES), result.getProp(LabelImages.CLASSES_PROPERTY));
		assertEquals(2, ActiveImage.batchModeImages, "input and labels are batch-mode images");
		assertFalse(classRois(ActiveImage.previous).isEmpty(), "overlay on the input");
	}

	@Test
	void labelCommandLabelsFiles() throws Exception {
		Path out = data.resolve("command_labels");
		Files.createDirectories(out);
		CommandModule m = runCommand(MetaSegLabelCommand.class, "model", model.toFile(), "fit_steps", 5, "add_overlay", false,
			"input_path", path(data.resolve("test/images")), "output", out.toFile());
		assertEquals(2, ((String) m.getOutput("written_files")).lines().count());
		assertLabelFile(out.resolve("subject_000_labels.tif"));
	}

	@Test
	void batchFolderMacro() throws IOException {
		Path out = data.resolve("batch_out");
		MacroRunner.run(Path.of("macros/batch_folder.ijm"), "input=[" + path(data.resolve("test/images")) + "] model=[" + path(model)
			+ "] output=[" + path(out) + "] fit_steps=5");
		assertLabelFile(out.resolve("subject_000_labels.tif"));
		assertLabelFile(out.resolve("subject_001_labels.tif"));
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(2, files.count());
		}
	}

	@Test
	void segmentCurrentImageMacro() {
		Path out = data.resolve("segmented.tif");
		MacroRunner.run(Path.of("macros/segment_current_image.ijm"), "model=[" + path(model) + "] image=[" + path(testImage(0))
			+ "] output=[" + path(out) + "] fit_steps=5");
		assertLabelFile(out);
	}

	@Test
	void trainMacroWritesModel() {
		Path out = data.resolve("macro model.labelfit");
		MacroRunner.run(Path.of("macros/train_model.ijm"), "images=[" + path(data.resolve("train/images")) + "] labels=["
			+ path(data.resolve("train/labels")) + "] model=[" + path(out) + "] size=32 outer_steps=2 fit_steps=5 head_epochs=1 device=cpu");
		assertEquals(5, MetaSegModelFile.load(out).config().classes());
		String error = macroError("run(\"MetaSeg Train\", \"images=[" + path(data.resolve("train/images")) + "] labels=["
			+ path(data.resolve("train/labels")) + "] model=[" + path(out) + "] size=32 outer_steps=2\");");
		assertTrue(error.contains("already exists"), error);
	}

	@Test
	void evaluateMacroMatchesSegmentationMetrics() throws IOException {
		ImagePlus truth = IJ.openImage(path(testLabels(0)));
		ImagePlus prediction = IJ.openImage(path(testLabels(1)));
		SegmentationMetrics expected = SegmentationMetrics.of(Images.shortPlanes(Images.toLabelImg(prediction))[0],
			Images.shortPlanes(Images.toLabelImg(truth))[0], 5);
		Path json = data.resolve("dice.json");
		MacroRunner.run("open(\"" + path(testLabels(1)) + "\"); rename(\"pred\");\n" + "run(\"Evaluate Segmentation\", \"prediction=pred ground_truth=["
			+ path(testLabels(0)) + "] results_file=[" + path(json) + "]\");", "", "evaluate.ijm");
		JsonObject result = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		for (int c = 0; c < 5; c++) {
			JsonObject cls = result.getAsJsonArray("classes").get(c).getAsJsonObject();
			assertEquals(expected.dice(c), cls.get("dice").getAsDouble(), 0, "Dice of class " + c);
			assertEquals(expected.iou(c), cls.get("iou").getAsDouble(), 0, "IoU of class " + c);
			assertEquals(Phantoms.CLASS_NAMES.get(c), cls.get("name").getAsString());
		}
		assertEquals(expected.meanForegroundDice(), result.get("mean_foreground_dice").getAsDouble(), 0);
		assertEquals(expected.generalizedDice(), result.get("generalized_dice").getAsDouble(), 0);

		Path csv = data.resolve("dice.csv");
		MacroRunner.run("run(\"Evaluate Segmentation\", \"prediction=[" + path(testLabels(1)) + "] ground_truth=[" + path(testLabels(0))
			+ "] results_file=[" + path(csv) + "]\");", "", "evaluate.ijm");
		List<String> rows = Files.readAllLines(csv);
		assertEquals(8, rows.size());
		// label files carry no class names, open images do
		assertEquals("\"class 1\",1," + expected.dice(1) + "," + expected.iou(1), rows.get(2));
	}

	@Test
	void evaluateCommandGivesJson() throws Exception {
		ImagePlus truth = IJ.openImage(path(testLabels(0)));
		ImagePlus prediction = IJ.openImage(path(testLabels(1)));
		CommandModule m = runCommand(EvaluateCommand.class, "prediction", prediction, "ground_truth_file", testLabels(0).toFile());
		SegmentationMetrics expected = SegmentationMetrics.of(Images.shortPlanes(Images.toLabelImg(prediction))[0],
			Images.shortPlanes(Images.toLabelImg(truth))[0], 5);
		JsonObject json = JsonParser.parseString((String) m.getOutput("json")).getAsJsonObject();
		assertEquals(expected.generalizedDice(), json.get("generalized_dice").getAsDouble(), 0);
		assertEquals(5, json.getAsJsonArray("classes").size());
	}

	@Test
	void sampleData() throws Exception {
		CommandModule m = runCommand(SampleDataCommand.Phantom2D.class);
		ImagePlus image = (ImagePlus) m.getOutput("image"), labels = (ImagePlus) m.getOutput("labels");
		assertEquals(ImagePlus.GRAY32, image.getType());
		assertEquals(Phantoms.DEFAULT_SIZE, image.getWidth());
		assertEquals(ImagePlus.GRAY16, labels.getType());
		ImagePlus again = (ImagePlus) runCommand(SampleDataCommand.Phantom2D.class).getOutput("image");
		assertTrue(java.util.Arrays.equals((float[]) image.getProcessor().getPixels(), (float[]) again.getProcessor().getPixels()),
			"deterministic");
		MacroRunner.run("run(\"Brain Phantom (3D)\");\ncall(\"" + ActiveImage.class.getName() + ".capture\");", "", "sample.ijm");
		assertEquals(SampleData.DEPTH_3D, ActiveImage.image.getStackSize());
		assertEquals("brain_phantom_3d", ActiveImage.image.getTitle());
		assertEquals("brain_phantom_3d_labels", ActiveImage.previous.getTitle());
	}

	@Test
	void missingModel() {
		Path out = data.resolve("missing_model_out");
		String error = macroError("open(\"" + path(testImage(0)) + "\");\nrun(\"MetaSeg Fit and Label\", \"model=[" + path(data.resolve(
			"nope.labelfit")) + "]\");\nsaveAs(\"Tiff\", \"" + path(out) + "\");");
		assertTrue(error.startsWith("test.ijm line 2: MetaSeg Fit and Label: model file"), error);
		assertTrue(error.contains("does not exist"), error);
		assertFalse(Files.exists(out), "the macro stopped");
		ImagePlus input = IJ.openImage(path(testImage(0)));
		error = commandError(MetaSegLabelCommand.class, "input", input, "model", data.resolve("nope.labelfit").toFile());
		assertTrue(error.contains("does not exist"), error);
		assertNull(input.getOverlay(), "input unchanged");
	}

	@Test
	void corruptModel() throws IOException {
		Path corrupt = data.resolve("corrupt.labelfit");
		Files.writeString(corrupt, "not a model");
		Path out = data.resolve("corrupt_out");
		String error = macroError("run(\"MetaSeg Fit and Label\", \"model=[" + path(corrupt) + "] input_path=[" + path(testImage(0))
			+ "] output=[" + path(out) + "]\");");
		assertTrue(error.contains("corrupt.labelfit is not a LabelFit model file"), error);
		assertFalse(Files.exists(out));
		error = commandError(MetaSegLabelCommand.class, "input", IJ.openImage(path(testImage(0))), "model", corrupt.toFile());
		assertTrue(error.contains("not a LabelFit model file"), error);
	}

	@Test
	void rgbImage() {
		String error = macroError("newImage(\"colour\", \"RGB black\", 32, 32, 1);\nrun(\"MetaSeg Fit and Label\", \"model=[" + path(model)
			+ "]\");");
		assertTrue(error.contains("colour is an RGB image"), error);
		error = commandError(MetaSegLabelCommand.class, "input", IJ.createImage("colour", "RGB black", 32, 32, 1), "model", model.toFile());
		assertTrue(error.contains("RGB"), error);
	}

	@Test
	void classCountMismatch() {
		Path json = data.resolve("mismatch.json");
		String error = macroError("run(\"Evaluate Segmentation\", \"prediction=[" + path(testLabels(1)) + "] ground_truth=["
			+ path(testLabels(0)) + "] classes=2 results_file=[" + path(json) + "]\");");
		assertTrue(error.contains("label value 4 found, but only 2 classes"), error);
		assertFalse(Files.exists(json));
		error = commandError(EvaluateCommand.class, "prediction_file", testLabels(1).toFile(), "ground_truth_file", testLabels(0).toFile(),
			"classes", 2);
		assertTrue(error.contains("only 2 classes"), error);
	}

	@Test
	void badOptions() {
		String error = macroError("run(\"MetaSeg Fit and Label\", \"model=[" + path(model) + "] input_path=[" + path(testImage(0))
			+ "] output=[" + path(data.resolve("x.tif")) + "] device=tpu\");");
		assertTrue(error.contains("\"tpu\" is not a valid choice for device"), error);
		error = macroError("run(\"MetaSeg Train\", \"labels=[/tmp] fit_steps=abc\");");
		assertTrue(error.contains("fit_steps=abc is not a number"), error);
	}

	@Test
	void macroErrorsAndExit() {
		assertEquals("test.ijm line 2: Number or numeric function expected", macroError("print(\"ok\");\nx = ;"));
		MacroRunner.run("print(\"stopping\");\nexit(\"done early\");\nundefined();", "", "exit.ijm");
	}

	@Test
	void cancellingStopsTrainingBeforeAnythingIsWritten() {
		Path out = data.resolve("cancelled.labelfit");
		MetaSegTrainRequest p = new MetaSegTrainRequest(path(data.resolve("train/images")), path(data.resolve("train/labels")), "", "", out,
			"2d", 0, "", 32, 2, 5, false, 1, 1, 0, "cpu", false, "test");
		assertThrows(CancelledException.class, () -> p.train(new FijiProgress("test", () -> true), new LossHistory()));
		assertFalse(Files.exists(out));
		Thread.currentThread().interrupt();
		try {
			assertTrue(new FijiProgress("test", () -> false).isCancelled(), "Future.cancel(true) interrupts the command's thread");
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void sciJavaCommandsStayOutOfTheMenus() {
		for (Class<? extends Command> type : List.of(MetaSegTrainCommand.class, MetaSegLabelCommand.class, EvaluateCommand.class,
			SampleDataCommand.Phantom2D.class, SampleDataCommand.Phantom3D.class))
		{
			CommandInfo info = commands.getCommand(type);
			assertFalse(info.isVisible(), type.getSimpleName());
			assertTrue(info.getMenuPath().getMenuString().startsWith("Plugins > LabelFit > "), info.getMenuPath().getMenuString());
		}
	}

	@Test
	void checkboxKeysAreBareWords() {
		assertTrue(CommandOptions.hasBareKey("model=[a b] add_overlay ", "add_overlay"));
		assertFalse(CommandOptions.hasBareKey("model=[a add_overlay b] ", "add_overlay"));
		assertFalse(CommandOptions.hasBareKey("add_overlay=true ", "add_overlay"));
	}

	@Test
	void trainParametersRecordTheMacroCall() throws Exception {
		String call = CommandTests.macroCall(MetaSegTrainCommand.class, "images", "/d/my images", "labels", "/d/labels", "label_suffix", "_gt",
			"model", new File("/m.labelfit"), "size", 64, "outer_steps", 10, "first_order", true, "seed", 1L, "device", "cpu");
		assertEquals("run(\"MetaSeg Train\", \"images=[/d/my images] labels=/d/labels label_suffix=_gt model=/m.labelfit config=2d "
			+ "classes=0 size=64 outer_steps=10 fit_steps=0 first_order seed=1 head_epochs=-1 device=cpu\");", call);
	}

	@Test
	void pluginsConfigMatchesRegistration() throws IOException {
		String config = Files.readString(Path.of("plugins.config"));
		LabelFitMacros.commands().forEach((name, entry) -> assertTrue(config.contains("\"" + name + "\", " + entry), name));
	}
}
