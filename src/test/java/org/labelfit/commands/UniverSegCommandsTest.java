package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.assertLabelFile;
import static org.labelfit.commands.CommandTests.macroError;
import static org.labelfit.commands.CommandTests.path;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.google.gson.JsonObject;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;

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

import org.labelfit.commands.universeg.UniverSegImportCommand;
import org.labelfit.commands.universeg.UniverSegSegmentCommand;
import org.labelfit.commands.universeg.UniverSegTrainCommand;
import org.labelfit.commands.universeg.UniverSegTrainRequest;
import org.labelfit.image.LabelImages;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;
import org.labelfit.model.Tensor;
import org.labelfit.sample.SampleData;
import org.labelfit.universeg.UniverSegConfig;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegNet;

/**
 * The UniverSeg commands headless, through CommandService and real macros, with a random-weights model on a 32×32
 * grid: the plumbing (support sources, outputs, errors) is what is tested, not segmentation quality. A threshold of
 * 0.001 makes every pixel take some label, so that class ROIs exist whatever the random weights predict.
 */
class UniverSegCommandsTest {

	@TempDir
	static Path data;

	static Path model;
	static Context context;
	static CommandService commands;

	@BeforeAll
	static void writeModelAndData() {
		SampleData.write(data, 7, 3, 2, 32);
		UniverSegConfig config = UniverSegConfig.uniform(8, 4);
		model = data.resolve("universeg tiny.labelfit");
		UniverSegModelFile.save(model, new UniverSegModel(config, 32, UniverSegNet.initialWeights(config, 1), null, Map.of("source", "test")),
			() -> false);
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

	private static Path trainImage(int i) {
		return data.resolve("train/images/subject_00" + i + ".tif");
	}

	private static Path trainLabels(int i) {
		return data.resolve("train/labels/subject_00" + i + ".tif");
	}

	private static Path testImage(int i) {
		return data.resolve("test/images/subject_00" + i + ".tif");
	}

	/** The query: a test image with one ROI of the user's own on its overlay. */
	private static ImagePlus query(int i) {
		ImagePlus imp = IJ.openImage(path(testImage(i)));
		imp.setOverlay(new Overlay(new Roi(1, 1, 4, 4)));
		return imp;
	}

	private static ImagePlus stack(String title, Path... slices) {
		ImageStack stack = null;
		for (Path p : slices) {
			ImagePlus imp = IJ.openImage(path(p));
			if (stack == null) stack = new ImageStack(imp.getWidth(), imp.getHeight());
			stack.addSlice(imp.getProcessor());
		}
		return new ImagePlus(title, stack);
	}

	/** A support image with two "cell" ROIs (rectangle and oval) and a "membrane" ROI on its overlay. */
	private static ImagePlus roiImage(String title) {
		ImagePlus imp = IJ.openImage(path(trainImage(0)));
		imp.setTitle(title);
		Overlay o = new Overlay();
		for (Roi roi : List.of(new Roi(2, 2, 10, 8), new OvalRoi(14, 14, 10, 10), new Roi(20, 2, 8, 8))) o.add(roi);
		o.get(0).setName("cell-0001");
		o.get(1).setName("cell-0002");
		o.get(2).setName("membrane 3");
		imp.setOverlay(o);
		return imp;
	}

	private static CommandModule segment(ImagePlus input, Object... more) throws Exception {
		Object[] inputs = Stream.concat(Stream.of("input", input, "model", model.toFile(), "threshold", 0.001, "device", "cpu"), Stream.of(more))
			.toArray();
		return CommandTests.run(commands, UniverSegSegmentCommand.class, inputs);
	}

	private static String commandError(Class<? extends Command> type, Object... inputs) {
		return CommandTests.commandError(commands, type, inputs);
	}
	/** 16-bit, the query's size, the class names, values in {0} ∪ labels and at least one of the labels. */
	private static void assertLabelImage(ImagePlus labels, ImagePlus like, String classNames, int... allowed) {
		assertEquals(ImagePlus.GRAY16, labels.getType());
		assertEquals(List.of(like.getWidth(), like.getHeight(), like.getStackSize()),
			List.of(labels.getWidth(), labels.getHeight(), labels.getStackSize()));
		assertEquals(classNames, labels.getProp(LabelImages.CLASSES_PROPERTY));
		Set<Integer> values = new TreeSet<>();
		for (int z = 1; z <= labels.getStackSize(); z++)
			for (short v : (short[]) labels.getStack().getPixels(z)) values.add(v & 0xffff);
		Set<Integer> expected = new TreeSet<>(List.of(0));
		for (int l : allowed) expected.add(l);
		assertTrue(expected.containsAll(values), "labels " + values + " within " + expected);
		assertTrue(values.stream().anyMatch(v -> v > 0), "some pixel labelled: " + values);
	}

	/** The input kept the user's ROI and gained LabelFit's class ROIs, named after the classes. */
	private static void assertClassRois(ImagePlus input, String classNames) {
		List<Roi> classes = new ArrayList<>();
		for (Roi roi : input.getOverlay().toArray()) if (roi.getProperty(LabelOutput.ROI_PROPERTY) != null) classes.add(roi);
		assertFalse(classes.isEmpty(), "class ROIs on the input's overlay");
		assertEquals(classes.size() + 1, input.getOverlay().size(), "the user's own ROI is kept");
		for (Roi roi : classes) assertTrue(Arrays.asList(classNames.split(",")).contains(roi.getName().replaceAll(" z=\\d+$", "")), roi.getName());
	}

	@Test
	void commandWithFolderSupport() throws Exception {
		ImagePlus input = query(0);
		CommandModule m = segment(input, "support", "folders", "support_images", path(data.resolve("train/images")), "support_labels",
			path(data.resolve("train/labels")), "segment_labels", "1,3", "support_size", 2, "ensemble", 2);
		ImagePlus labels = (ImagePlus) m.getOutput("label_image");
		assertEquals("subject_000_labels", labels.getTitle());
		assertLabelImage(labels, input, "background,label 1,label 2,label 3", 1, 3);
		assertClassRois(input, "label 1,label 3");
		int rois = input.getOverlay().size();
		segment(input, "support", "folders", "support_images", path(data.resolve("train/images")), "support_labels",
			path(data.resolve("train/labels")), "segment_labels", "1,3", "support_size", 2, "ensemble", 2);
		assertEquals(rois, input.getOverlay().size(), "segmenting again replaces LabelFit's ROIs");
	}

	@Test
	void commandWithStackSupportSegmentsAStack() throws Exception {
		ImagePlus images = stack("support images", trainImage(0), trainImage(1)), labels = stack("support labels", trainLabels(0), trainLabels(1));
		ImagePlus input = stack("query stack", testImage(0), testImage(1));
		input.setOverlay(new Overlay(new Roi(1, 1, 4, 4)));
		CommandTests.open(images, labels, input);
		CommandModule m = segment(input, "support", "stacks", "image_stack", "support images", "label_stack", "support labels");
		ImagePlus result = (ImagePlus) m.getOutput("label_image");
		assertLabelImage(result, input, "background,label 1,label 2,label 3,label 4", 1, 2, 3, 4);
		assertClassRois(input, "label 1,label 2,label 3,label 4");
	}

	@Test
	void commandWithRoiSupport() throws Exception {
		ImagePlus input = query(1);
		CommandTests.open(roiImage("outlined"), input);
		CommandModule m = segment(input, "support", "rois", "roi_images", "outlined", "segment_labels", "2");
		assertLabelImage((ImagePlus) m.getOutput("label_image"), input, "background,cell,membrane", 2);
		assertClassRois(input, "membrane");
	}

	@Test
	void roiSupportInFileMode() throws Exception {
		CommandTests.open(roiImage("outlined"));
		Path out = data.resolve("roi_labels.tif");
		CommandModule m = CommandTests.run(commands, UniverSegSegmentCommand.class, "model", model.toFile(), "support", "rois", "roi_images",
			"outlined", "input_path", path(testImage(0)), "output", out.toFile(), "add_overlay", false, "threshold", 0.001);
		assertEquals(path(out), m.getOutput("written_files"));
		assertLabelFile(out);
		// the label file names its classes after the ROI sets
		assertEquals("background,cell,membrane", IJ.openImage(path(out)).getProp(LabelImages.CLASSES_PROPERTY));
	}

	@Test
	void trainsAndTheTrainedModelSegments() throws Exception {
		Path out = data.resolve("fiji-trained.labelfit");
		CommandTests.run(commands, UniverSegTrainCommand.class, "data", path(data.resolve("train")), "model", out.toFile(), "steps", 2,
			"support_size", 2, "width", 8, "grid_size", 32, "checkpoint_every", 0, "device", "cpu");
		UniverSegModel trained = UniverSegModelFile.load(out);
		assertEquals(2.0, ((Number) trained.provenance().get("steps_done")).doubleValue());
		assertTrue(String.valueOf(trained.provenance().get("command")).startsWith("run(\"UniverSeg Train\", \"data="));
	}

	@Test
	void macroKeysThatImageJWouldConfuseAreRefused() {
		assertThrows(IllegalStateException.class, () -> CommandOptions.checkKeys(List.of("support_labels", "labels")),
			"labels= would be read from support_labels=");
		assertThrows(IllegalStateException.class, () -> CommandOptions.checkKeys(List.of("support_size", "size")));
	}

	@Test
	void macroWithStackSupport() throws IOException {
		Path images = data.resolve("stack_images.tif"), labels = data.resolve("stack_labels.tif");
		new FileSaver(stack("i", trainImage(0), trainImage(1), trainImage(2))).saveAsTiffStack(path(images));
		new FileSaver(stack("l", trainLabels(0), trainLabels(1), trainLabels(2))).saveAsTiffStack(path(labels));
		MacroRunner.run("open(\"" + path(images) + "\");\nopen(\"" + path(labels) + "\");\nopen(\"" + path(testImage(0)) + "\");\n" +
			"makeRectangle(1, 1, 4, 4);\nOverlay.addSelection;\n" + "run(\"UniverSeg Segment\", \"model=[" + path(model) +
			"] support=stacks image_stack=stack_images.tif label_stack=stack_labels.tif threshold=0.001 device=cpu add_overlay\");\n" +
			"call(\"" + ActiveImage.class.getName() + ".capture\");", "", "stacks.ijm");
		assertEquals("subject_000_labels", ActiveImage.image.getTitle());
		assertLabelImage(ActiveImage.image, ActiveImage.previous, "background,label 1,label 2,label 3,label 4", 1, 2, 3, 4);
		assertClassRois(ActiveImage.previous, "label 1,label 2,label 3,label 4");
	}

	@Test
	void macroWithRoiSupport() {
		MacroRunner.run("open(\"" + path(trainImage(1)) + "\");\nmakeRectangle(2, 2, 10, 8);\nRoi.setName(\"nucleus-0001\");\n" +
			"Overlay.addSelection;\nmakeOval(14, 14, 10, 10);\nRoi.setName(\"nucleus-0002\");\nOverlay.addSelection;\n" +
			"makeRectangle(20, 2, 8, 8);\nRoi.setName(\"0001-0002-0003\");\nOverlay.addSelection;\n" +
			"open(\"" + path(testImage(0)) + "\");\nmakeRectangle(1, 1, 4, 4);\nOverlay.addSelection;\n" +
			"run(\"UniverSeg Segment\", \"model=[" + path(model) + "] support=rois roi_images=subject_001.tif threshold=0.001 add_overlay\");\n" +
			"call(\"" + ActiveImage.class.getName() + ".capture\");", "", "rois.ijm");
		assertLabelImage(ActiveImage.image, ActiveImage.previous, "background,foreground,nucleus", 1, 2);
		assertClassRois(ActiveImage.previous, "foreground,nucleus");
	}

	@Test
	void commandSegmentsFiles() throws Exception {
		Path out = data.resolve("command labels");
		CommandModule m = CommandTests.run(commands, UniverSegSegmentCommand.class, "model", model.toFile(), "support", "folders",
			"support_images", path(data.resolve("train/images")), "support_labels", path(data.resolve("train/labels")), "input_path",
			path(data.resolve("test/images")), "output", out.toFile(), "add_overlay", false, "device", "cpu");
		assertEquals(2, ((String) m.getOutput("written_files")).lines().count());
		assertLabelFile(out.resolve("subject_000_labels.tif"));
		assertLabelFile(out.resolve("subject_001_labels.tif"));
	}

	@Test
	void batchFolderMacro() throws IOException {
		Path out = data.resolve("batch out");
		MacroRunner.run(Path.of("macros/universeg_batch_folder.ijm"), "model=[" + path(model) + "] support_images=[" +
			path(data.resolve("train/images")) + "] support_labels=[" + path(data.resolve("train/labels")) + "] input=[" +
			path(data.resolve("test/images")) + "] output=[" + path(out) + "] segment_labels=1,2");
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(List.of("subject_000_labels.tif", "subject_001_labels.tif"), files.map(p -> p.getFileName().toString()).sorted().toList());
		}
		assertLabelFile(out.resolve("subject_000_labels.tif"));
	}

	@Test
	void segmentStacksMacro() throws IOException {
		Path images = data.resolve("example_images.tif"), labels = data.resolve("example_labels.tif"), out = data.resolve("example.tif");
		new FileSaver(stack("i", trainImage(0), trainImage(1))).saveAsTiffStack(path(images));
		new FileSaver(stack("l", trainLabels(0), trainLabels(1))).saveAsTiffStack(path(labels));
		MacroRunner.run(Path.of("macros/universeg_segment_stacks.ijm"), "model=[" + path(model) + "] image_stack=[" + path(images) +
			"] label_stack=[" + path(labels) + "] image=[" + path(testImage(1)) + "] output=[" + path(out) + "]");
		assertLabelFile(out);
	}

	@Test
	void missingModel() {
		Path out = data.resolve("missing_out.tif");
		String error = macroError("open(\"" + path(testImage(0)) + "\");\nrun(\"UniverSeg Segment\", \"model=[" +
			path(data.resolve("nope.labelfit")) + "] support_images=[" + path(data.resolve("train/images")) + "] support_labels=[" +
			path(data.resolve("train/labels")) + "]\");\nsaveAs(\"Tiff\", \"" + path(out) + "\");");
		assertTrue(error.startsWith("test.ijm line 2: UniverSeg Segment: model file"), error);
		assertTrue(error.contains("does not exist"), error);
		assertFalse(Files.exists(out), "the macro stopped");
	}

	@Test
	void modelOfAnotherMethod() {
		Path unet = data.resolve("unet.labelfit");
		ModelFile.save(unet, ModelInfo.create("unet", new JsonObject(), List.of(), new JsonObject(), new JsonObject(), null),
			Map.of("w", Tensor.vector(1f)));
		Path out = data.resolve("unet_out");
		String error = macroError("run(\"UniverSeg Segment\", \"model=[" + path(unet) + "] support_images=[" + path(data.resolve(
			"train/images")) + "] support_labels=[" + path(data.resolve("train/labels")) + "] input_path=[" + path(testImage(0)) +
			"] output=[" + path(out) + "]\");");
		assertTrue(error.contains("unet.labelfit is a unet model, not a universeg model"), error);
		assertFalse(Files.exists(out));
	}

	@Test
	void stacksOfDifferentSizes() {
		ImagePlus input = query(0);
		CommandTests.open(stack("three", trainImage(0), trainImage(1), trainImage(2)), stack("two", trainLabels(0), trainLabels(1)), input);
		String error = commandError(UniverSegSegmentCommand.class, "input", input, "model", model.toFile(), "support", "stacks",
			"image_stack", "three", "label_stack", "two");
		assertEquals("image_stack three has 3 slices but label_stack two has 2; they are paired slice by slice", error);
		assertEquals(1, input.getOverlay().size(), "input unchanged");
	}

	@Test
	void nonIntegerLabelStack() {
		ImagePlus labels = IJ.createImage("soft labels", "32-bit black", 32, 32, 1);
		labels.getProcessor().setf(3, 3, 0.5f);
		CommandTests.open(IJ.openImage(path(trainImage(0))), labels);
		String error = macroError("open(\"" + path(testImage(0)) + "\");\nrun(\"UniverSeg Segment\", \"model=[" + path(model) +
			"] support=stacks image_stack=subject_000.tif label_stack=[soft labels]\");");
		assertTrue(error.contains("soft labels: label value 0.5 is not a whole number"), error);
	}

	@Test
	void labelAbsentFromTheSupport() {
		ImagePlus input = query(0);
		CommandTests.open(roiImage("outlined"), input);
		String error = commandError(UniverSegSegmentCommand.class, "input", input, "model", model.toFile(), "support", "rois",
			"roi_images", "outlined", "segment_labels", "1,7");
		assertTrue(error.contains("label 7 appears in none of the 1 support masks (labels present: 1, 2)"), error);
		error = commandError(UniverSegSegmentCommand.class, "input", input, "model", model.toFile(), "segment_labels", "one");
		assertEquals("segment_labels=one is not a list of label values such as 1,3", error);
	}

	@Test
	void roisWithoutRois() {
		String error = macroError("open(\"" + path(trainImage(0)) + "\");\nrename(\"bare\");\nopen(\"" + path(testImage(0)) +
			"\");\nrun(\"UniverSeg Segment\", \"model=[" + path(model) + "] support=rois roi_images=bare\");");
		assertTrue(error.startsWith("test.ijm line 4: UniverSeg Segment: bare has no area ROIs"), error);
		error = macroError("run(\"UniverSeg Segment\", \"model=[" + path(model) + "] support=rois roi_images=[not open] input_path=[" +
			path(testImage(0)) + "] output=[" + path(data.resolve("never")) + "]\");");
		assertTrue(error.contains("roi_images: no open image is titled 'not open'"), error);
		assertFalse(Files.exists(data.resolve("never")));
	}

	@Test
	void sciJavaCommandsStayOutOfTheMenus() {
		for (Class<? extends Command> type : List.of(UniverSegSegmentCommand.class, UniverSegTrainCommand.class, UniverSegImportCommand.class)) {
			CommandInfo info = commands.getCommand(type);
			assertFalse(info.isVisible(), type.getSimpleName());
			assertTrue(info.getMenuPath().getMenuString().startsWith("Plugins > LabelFit > UniverSeg > "), info.getMenuPath().getMenuString());
		}
	}

	@Test
	void trainArgumentErrors() {
		Path out = data.resolve("trained.labelfit");
		String error = macroError("run(\"UniverSeg Train\", \"model=[" + path(out) + "]\");");
		assertTrue(error.contains("data= is required"), error);
		error = commandError(UniverSegTrainCommand.class, "data", path(data), "model", out.toFile(), "steps", -5);
		assertTrue(error.contains("steps must be 1 or more, got -5"), error);
		error = commandError(UniverSegTrainCommand.class, "data", path(data) + ";" + path(data.resolve("nowhere")), "model", out.toFile());
		assertTrue(error.contains("data folder " + path(data.resolve("nowhere")) + " does not exist"), error);
		assertFalse(Files.exists(out));
	}

	@Test
	void trainDataFoldersAndMacroCall() throws Exception {
		assertEquals(List.of("/a,b", "/c"), UniverSegTrainRequest.folders(" /a,b ; /c;"));
		assertEquals(List.of("/a", "/b c"), UniverSegTrainRequest.folders("/a, /b c"));
		String call = CommandTests.macroCall(UniverSegTrainCommand.class, "data", "/d/one;/d/two", "model", new File("/m.labelfit"),
			"label_suffix", "_gt", "device", "cpu");
		assertEquals("run(\"UniverSeg Train\", \"data=/d/one;/d/two model=/m.labelfit label_suffix=_gt support_size=8 steps=2000 " +
			"synthetic_fraction=0.25 width=64 grid_size=128 learning_rate=1.0E-4 checkpoint_every=250 seed=42 device=cpu\");", call);
	}

	@Test
	void importWeights() throws Exception {
		Map<String, long[]> shapes = UniverSegConfig.v1().tensorShapes();
		Path complete = data.resolve("universeg_v1.npz"), out = data.resolve("imported.labelfit");
		NpzWriter.write(complete, shapes, null);
		CommandModule m = CommandTests.run(commands, UniverSegImportCommand.class, "weights", complete.toFile(), "model", out.toFile());
		assertEquals(out.toFile(), m.getOutput("model_file"));
		UniverSegModel imported = UniverSegModelFile.load(out);
		assertEquals(UniverSegConfig.v1(), imported.config());
		assertEquals(UniverSegModel.OFFICIAL_LICENCE, imported.licence());
		String error = macroError("run(\"UniverSeg Import Weights\", \"weights=[" + path(complete) + "] model=[" + path(out) + "]\");");
		assertTrue(error.contains("already exists"), error);
	}

	@Test
	void importBadWeights() throws IOException {
		Path corrupt = data.resolve("corrupt.npz"), missing = data.resolve("missing.npz"), out = data.resolve("bad import.labelfit");
		byte[] noise = new byte[4096];
		new Random(3).nextBytes(noise);
		Files.write(corrupt, noise);
		String error = macroError("run(\"UniverSeg Import Weights\", \"weights=[" + path(corrupt) + "] model=[" + path(out) + "]\");");
		assertTrue(error.contains("corrupt.npz is not a valid .npz archive"), error);
		NpzWriter.write(missing, UniverSegConfig.v1().tensorShapes(), "dec_blocks.1.support.vmapped.conv.bias");
		error = commandError(UniverSegImportCommand.class, "weights", missing.toFile(), "model", out.toFile());
		assertTrue(error.contains("missing.npz: weights lack tensor 'dec_blocks.1.support.vmapped.conv.bias'"), error);
		assertFalse(Files.exists(out));
	}
}
