package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.macroError;
import static org.labelfit.commands.CommandTests.path;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
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

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.commands.pix2rep.Pix2RepSegmentCommand;
import org.labelfit.commands.pix2rep.Pix2RepTrainHeadCommand;
import org.labelfit.io.ImageFiles;
import org.labelfit.model.Tensor;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepFeatureCache;
import org.labelfit.pix2rep.Pix2RepHeadTrainerTest;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepModelFile;
import org.labelfit.train.Progress;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

/**
 * "Pix2Rep Train Head" and "Pix2Rep Segment" headless through CommandService and real macros, on a random tiny
 * backbone (w = 2, F = 8, 32×32): labels from ROI scribbles, label stacks and files, the Fiji-selection crop, the
 * session's feature cache across retrains, the outputs, and the one-line errors that write nothing. The training
 * itself is tested in org.labelfit.pix2rep.
 */
class Pix2RepHeadCommandsTest {

	static final int SIDE = 32;
	/** The square of the test images, [LOW, HIGH) on both axes. */
	static final int LOW = 8, HIGH = 20;
	static final String FAST = "epochs=30 head_learning_rate=0.05 device=cpu";

	@TempDir
	static Path data;

	static Path pretrained, imageFile, labelFile;
	static Context context;
	static CommandService commands;

	@BeforeAll
	static void writeFilesAndStartContext() {
		pretrained = data.resolve("pretrained.labelfit");
		Pix2RepModelFile.save(pretrained, Pix2RepHeadTrainerTest.randomModel(2, 8, 1), () -> false);
		imageFile = data.resolve("square.tif");
		new FileSaver(image("square.tif")).saveAsTiff(path(imageFile));
		// dense labels of the square, 255 (unlabelled) in a band
		ByteProcessor labels = new ByteProcessor(SIDE, SIDE);
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) labels.set(x, y, y >= 26 && y < 29 ? 255 : inSquare(x, y) ? 1 : 0);
		labelFile = data.resolve("square_labels.tif");
		new FileSaver(new ImagePlus("square_labels.tif", labels)).saveAsTiff(path(labelFile));
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
		Pix2RepFeatureCache.session().clear();
	}

	private static boolean inSquare(int x, int y) {
		return x >= LOW && x < HIGH && y >= LOW && y < HIGH;
	}

	/** A bright square on a gradient. */
	static ImagePlus image(String title) {
		FloatProcessor ip = new FloatProcessor(SIDE, SIDE);
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) ip.setf(x, y, inSquare(x, y) ? 0.9f : 0.2f * x / SIDE);
		return new ImagePlus(title, ip);
	}

	/** The image with scribbles: a line across the square, one through the background, and an unrelated point. */
	static ImagePlus scribbled(String title) {
		ImagePlus imp = image(title);
		Overlay o = new Overlay();
		Roi square = new Line(LOW + 2, 14, HIGH - 2, 14);
		square.setName("square");
		Roi background = new Line(2, 27, 30, 27);
		background.setName("background");
		o.add(square);
		o.add(background);
		imp.setOverlay(o);
		return imp;
	}

	private static CommandModule trainHead(Object... inputs) throws Exception {
		List<Object> all = new ArrayList<>(List.of("pretrained", pretrained.toFile(), "epochs", 30, "head_learning_rate", 0.05, "device", "cpu"));
		all.addAll(List.of(inputs));
		return CommandTests.run(commands, Pix2RepTrainHeadCommand.class, all.toArray());
	}

	private static String commandError(Class<? extends Command> type, Object... inputs) {
		return CommandTests.commandError(commands, type, inputs);
	}

	@Test
	void scribblesTrainAProbeThatRetrainsFromCachedFeaturesAndLabelsTheImage() throws Exception {
		ImagePlus imp = scribbled("scribbled");
		CommandTests.open(imp);
		Path out = data.resolve("scribbles.labelfit");
		CommandModule m = trainHead("model", out.toFile(), "labels_from", "rois", "roi_images", "scribbled");
		assertEquals(out.toFile(), m.getOutput("model_file"));
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals(List.of("background", "square"), model.classNames());
		assertEquals("probe", model.provenance().get("mode"));
		assertEquals("open images scribbled", model.provenance().get("images"));
		assertEquals(1, Pix2RepFeatureCache.session().size(), "the slice's features are kept");
		// a retrain needs overwrite, and after another scribble takes the kept features: still one entry
		String error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "roi_images", "scribbled");
		assertTrue(error.endsWith("already exists; choose another name or allow overwriting"), error);
		Roi more = new Line(2, 2, 30, 2);
		more.setName("background");
		imp.getOverlay().add(more);
		trainHead("model", out.toFile(), "roi_images", "scribbled", "overwrite", true);
		assertEquals(1, Pix2RepFeatureCache.session().size());

		ImagePlus labels = (ImagePlus) CommandTests.run(commands, Pix2RepSegmentCommand.class, "input", imp, "model", out.toFile(), "device", "cpu")
			.getOutput("label_image");
		assertEquals("scribbled_labels", labels.getTitle());
		assertEquals(ImagePlus.GRAY16, labels.getType());
		// from the kept features, the labels the core gives without any cache
		Img<UnsignedShortType> expected = Pix2Rep.segment(Pix2RepModelFile.load(out), ImageFiles.toImageData(image("plain"), "plain"), "cpu",
			Progress.NONE);
		short[] got = (short[]) labels.getProcessor().getPixels();
		Cursor<UnsignedShortType> c = expected.localizingCursor();
		while (c.hasNext()) {
			c.fwd();
			assertEquals(c.get().get(), got[c.getIntPosition(1) * SIDE + c.getIntPosition(0)] & 0xFFFF, c.getIntPosition(0) + "," + c.getIntPosition(1));
		}
		assertEquals(1, Pix2RepFeatureCache.session().size(), "labelling took the kept features");
		List<String> classRois = new ArrayList<>();
		for (Roi roi : imp.getOverlay().toArray()) if (roi.getProperty(LabelOutput.ROI_PROPERTY) != null) classRois.add(roi.getName());
		assertTrue(model.classNames().containsAll(classRois), classRois.toString());
		assertEquals(3 + classRois.size(), imp.getOverlay().size(), "the scribbles stay");
	}

	@Test
	void exampleMacrosTrainOnAnImageAndItsLabelsThenSegmentAFile() throws IOException {
		Path out = data.resolve("from labels.labelfit"), labels = data.resolve("out/square_labels.tif");
		Files.createDirectories(labels.getParent());
		MacroRunner.run(Path.of("macros/pix2rep_train_head.ijm"), "pretrained=[" + path(pretrained) + "] model=[" + path(out) + "] image=[" +
			path(imageFile) + "] labels=[" + path(labelFile) + "] ignore_label=255 " + FAST);
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals(List.of("background", "class 1"), model.classNames());
		assertEquals("open label stack square_labels.tif", model.provenance().get("labels"));
		assertEquals("run(\"Pix2Rep Train Head\", \"pretrained=" + path(pretrained) + " model=[" + path(out) + "] labels_from=stacks " +
			"image_stack=square.tif label_stack=square_labels.tif ignore_label=255 mode=probe width=16 features=128 size=128 epochs=30 batch=16 " +
			"classes=0 head_learning_rate=0.05 backbone_learning_rate=0.0 interpolation=default seed=42 device=cpu intensity_augmentation=auto\");",
			model.provenance().get("command"));
		MacroRunner.run(Path.of("macros/pix2rep_segment.ijm"), "model=[" + path(out) + "] image=[" + path(imageFile) + "] output=[" + path(labels) +
			"] device=cpu");
		CommandTests.assertLabelFile(labels);
		// files in, files out
		Path folder = data.resolve("out/files");
		MacroRunner.run(Path.of("macros/pix2rep_segment.ijm"), "model=[" + path(out) + "] input_path=[" + path(imageFile) + "] output=[" +
			path(folder) + "] device=cpu");
		CommandTests.assertLabelFile(folder.resolve("square_labels.tif"));
	}

	@Test
	void aMacroTrainsOnOverlayScribblesCroppedToTheSelection() {
		Path out = data.resolve("cropped.labelfit");
		MacroRunner.run("open(\"" + path(imageFile) + "\");\nmakeLine(10, 14, 18, 14);\nRoi.setName(\"square\");\nOverlay.addSelection;\n" +
			"makeLine(4, 22, 28, 22);\nRoi.setName(\"background-0001\");\nOverlay.addSelection;\nmakeRectangle(4, 4, 26, 24);\n" +
			"run(\"Pix2Rep Train Head\", \"pretrained=[" + path(pretrained) + "] model=[" + path(out) + "] roi_images=square.tif crop=selection " +
			"class_names=[bg, square] " + FAST + "\");\nrun(\"Pix2Rep Segment\", \"model=[" + path(out) + "] device=cpu\");", "", "rois.ijm");
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals("4,4,26,24", model.preprocessing().crop().toString());
		assertEquals(List.of("bg", "square"), model.classNames());
		assertEquals(32, model.size());
	}

	@Test
	void meanTeacherFineTunesWithTheUnlabelledImages() throws Exception {
		Path out = data.resolve("mean teacher.labelfit");
		String error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "labels_from", "files",
			"image_files", path(imageFile), "label_files", path(labelFile), "mode", "finetune", "mean_teacher", true);
		assertEquals("mean_teacher needs unlabelled= (a file, folder or glob of unlabelled images)", error);
		error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "labels_from", "files",
			"image_files", path(imageFile), "label_files", path(labelFile), "unlabelled", path(imageFile));
		assertEquals("unlabelled= is only read with mean_teacher", error);
		assertFalse(Files.exists(out));
		// fine-tuning needs two training slices besides the validation one: three copies of the labelled slice
		ImageStack images = new ImageStack(SIDE, SIDE), labels = new ImageStack(SIDE, SIDE);
		ImagePlus label = IJ.openImage(path(labelFile));
		for (int i = 0; i < 3; i++) {
			images.addSlice(image("slice").getProcessor());
			labels.addSlice(label.getProcessor().duplicate());
		}
		CommandTests.open(new ImagePlus("three slices", images));
		CommandTests.open(new ImagePlus("three labels", labels));
		trainHead("model", out.toFile(), "labels_from", "stacks", "image_stack", "three slices", "label_stack", "three labels", "ignore_label", 255,
			"mode", "finetune", "epochs", 2, "mean_teacher", true, "unlabelled", path(imageFile));
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals("finetune", model.provenance().get("mode"));
		assertTrue(model.provenance().get("mean_teacher") instanceof java.util.Map<?, ?> mt && path(imageFile).equals(mt.get("unlabelled")),
			String.valueOf(model.provenance().get("mean_teacher")));
	}

	@Test
	void labelFilesPairedByName() throws Exception {
		Path out = data.resolve("files.labelfit");
		trainHead("model", out.toFile(), "labels_from", "files", "image_files", path(imageFile), "label_files", path(labelFile), "label_suffix", "_labels", "ignore_label", 255,
			"crop", "0,0,50%,100%", "interpolation", "nearest");
		Pix2RepModel model = Pix2RepModelFile.load(out);
		assertEquals("0,0,50%,100%", model.preprocessing().crop().toString());
		assertEquals("NEAREST", model.preprocessing().interpolation().name());
		assertEquals(1, model.provenance().get("pairs") instanceof Number n ? n.intValue() : -1);
		assertEquals(0, Pix2RepFeatureCache.session().size(), "files are read once: nothing kept");
	}

	@Test
	void badInputIsOneLineAndWritesNothing() throws Exception {
		Path out = data.resolve("never.labelfit"), kept = data.resolve("kept.labelfit");
		Files.writeString(kept, "precious");
		ImagePlus bare = image("bare");
		CommandTests.open(bare);
		String error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "roi_images", "bare");
		assertTrue(error.startsWith("bare has no ROIs to learn from: add outlines or line scribbles"), error);
		error = macroError("run(\"Pix2Rep Train Head\", \"pretrained=[" + path(pretrained) + "] model=[" + path(out) + "] labels_from=rois\");");
		assertTrue(error.startsWith("test.ijm line 1: Pix2Rep Train Head: labels_from=rois needs roi_images="), error);
		error = macroError("run(\"Pix2Rep Train Head\", \"model=[" + path(out) + "] roi_images=bare\");");
		assertEquals("test.ijm line 1: Pix2Rep Train Head: pretrained= is required: a pretrained Pix2Rep model (or tick from_scratch)", error);
		ImagePlus scribbled = scribbled("two classes");
		CommandTests.open(scribbled);
		error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "roi_images", "two classes",
			"classes", 3);
		assertEquals("class 2 (class 2) appears in no label; label it or lower --classes", error);
		error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "roi_images", "two classes",
			"crop", "selection");
		assertEquals("crop=selection: two classes has no rectangular selection; draw a rectangle around the region", error);
		scribbled.setRoi(new OvalRoi(2, 2, 20, 20));
		error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "roi_images", "two classes",
			"crop", "selection");
		assertTrue(error.contains("(its selection is a oval)"), error);
		error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", pretrained.toFile(), "model", out.toFile(), "labels_from", "files",
			"image_files", path(imageFile));
		assertTrue(error.startsWith("labels_from=files needs image_files= and label_files="), error);
		// a model of another method, for training and for segmenting
		Path unet = data.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new java.util.LinkedHashMap<>();
		c.tensorShapes().forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of()), () -> false);
		error = commandError(Pix2RepTrainHeadCommand.class, "pretrained", unet.toFile(), "model", kept.toFile(), "roi_images", "two classes",
			"overwrite", true);
		assertEquals("unet.labelfit is a unet model, not a pix2rep model", error);
		error = commandError(Pix2RepSegmentCommand.class, "input", scribbled, "model", unet.toFile());
		assertEquals("unet.labelfit is a unet model, not a pix2rep model", error);
		error = macroError("run(\"Pix2Rep Segment\", \"model=[" + path(pretrained) + "]\");");
		assertTrue(error.contains("Pix2Rep Segment: this Pix2Rep model has no segmentation head"), error);
		error = commandError(Pix2RepSegmentCommand.class, "model", pretrained.toFile(), "input_path", path(imageFile), "output",
			data.resolve("o.tif").toFile(), "crop", "selection");
		assertEquals("crop= applies to the open image; files are cropped as the model says", error);
		assertFalse(Files.exists(out));
		assertEquals("precious", Files.readString(kept));
		assertFalse(Files.exists(data.resolve("o.tif")));
	}

	@Test
	void sciJavaCommandsStayOutOfTheMenusAndTheirKeysAreDistinct() {
		for (Class<? extends Command> type : List.of(Pix2RepTrainHeadCommand.class, Pix2RepSegmentCommand.class)) {
			CommandInfo info = commands.getCommand(type);
			assertFalse(info.isVisible(), type.getSimpleName());
			assertTrue(info.getMenuPath().getMenuString().startsWith("Plugins > LabelFit > Pix2Rep > "), info.getMenuPath().getMenuString());
			CommandOptions.checkKeys(CommandOptions.options(info).stream().map(i -> i.getName()).toList());
		}
		assertTrue(LabelFitMacros.commands().containsKey(LabelFitMacros.PIX2REP_TRAIN_HEAD));
		assertTrue(LabelFitMacros.commands().containsKey(LabelFitMacros.PIX2REP_SEGMENT));
	}

	@Test
	void trainHeadMacroCallUsesTheDocumentedKeys() throws Exception {
		assertEquals("run(\"Pix2Rep Train Head\", \"pretrained=/p.labelfit model=/m.labelfit labels_from=rois roi_images=scan ignore_label=-1 " +
			"mode=probe width=16 features=128 size=128 epochs=200 batch=16 classes=0 head_learning_rate=0.0 backbone_learning_rate=0.0 " +
			"interpolation=default seed=42 device=auto intensity_augmentation=auto\");", CommandTests.macroCall(Pix2RepTrainHeadCommand.class, "pretrained",
				new File("/p.labelfit"), "model", new File("/m.labelfit"), "roi_images", "scan"));
		assertEquals("run(\"Pix2Rep Segment\", \"model=/m.labelfit device=auto add_overlay\");",
			CommandTests.macroCall(Pix2RepSegmentCommand.class, "model", new File("/m.labelfit")));
	}
}
