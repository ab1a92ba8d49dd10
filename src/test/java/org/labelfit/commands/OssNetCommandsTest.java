package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.macroError;
import static org.labelfit.commands.CommandTests.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

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

import ai.djl.Device;

import org.labelfit.commands.ossnet.OssNetImportCommand;
import org.labelfit.commands.ossnet.OssNetSegmentCommand;
import org.labelfit.commands.ossnet.OssNetSegmentRequest;
import org.labelfit.commands.ossnet.OssNetTrainCommand;
import org.labelfit.image.LabelImages;
import org.labelfit.model.NpzFiles;
import org.labelfit.model.Tensor;
import org.labelfit.ossnet.Mise;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetImages;
import org.labelfit.ossnet.OssNetModel;
import org.labelfit.ossnet.OssNetModelFile;
import org.labelfit.ossnet.OssNetSegmenter;
import org.labelfit.ossnet.OssNetVariant;
import org.labelfit.ossnet.OssNetwork;
import org.labelfit.ossnet.Patches;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

/** The OSS-Net commands headless, through CommandService and real macros; the method itself is tested in org.labelfit.ossnet. */
class OssNetCommandsTest {

	private static final OssNetConfig.Grid SMALL = new OssNetConfig.Grid(64, 64, 32);

	@TempDir
	static Path data;

	static Context context;
	static CommandService commands;

	@BeforeAll
	static void startContext() {
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

	/** A random C network on the smallest grid one encoder block allows, 16×16×8, saved as a model of class "ball". */
	private static Path tinyModel(String name, int channels) {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, channels, 1, new OssNetConfig.Grid(16, 16, 8));
		Path file = data.resolve(name);
		OssNetModelFile.save(file, new OssNetModel(c, Patches.Pooling.AVERAGE, "ball", OssNetwork.initialWeights(c, 3), null, Map.of()), () -> false);
		return file;
	}

	/** A 14×12 image of {@code slices} slices and {@code channels} channels of Gaussian noise, spacing 0.5, 0.75, 2 mm. */
	private static ImagePlus volume(String title, int channels, int slices) {
		Random r = new Random(1);
		ImageStack stack = new ImageStack(14, 12);
		for (int i = 0; i < channels * slices; i++) {
			float[] p = new float[14 * 12];
			for (int k = 0; k < p.length; k++) p[k] = (float) r.nextGaussian();
			stack.addSlice(new FloatProcessor(14, 12, p));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels, slices, 1);
		if (channels > 1) imp.setOpenAsHyperStack(true);
		imp.getCalibration().pixelWidth = 0.5;
		imp.getCalibration().pixelHeight = 0.75;
		imp.getCalibration().pixelDepth = 2;
		imp.getCalibration().setUnit("mm");
		return imp;
	}

	/** The labels the core gives for this image, independently of the command: slice by slice, 16-bit. */
	private static List<short[]> coreLabels(Path model, ImagePlus imp, double threshold) {
		OssNetModel m = OssNetModelFile.load(model);
		Img<UnsignedShortType> labels;
		try (OssNetSegmenter s = new OssNetSegmenter(m, new OssNetSegmenter.Options(Mise.Inference.MISE, threshold, 64), Device.cpu())) {
			labels = s.segment(OssNetImages.channels(imp, imp.getTitle()), org.labelfit.train.Progress.NONE).labels();
		}
		List<short[]> planes = new ArrayList<>();
		for (long z = 0; z < labels.dimension(2); z++) {
			short[] p = new short[(int) (labels.dimension(0) * labels.dimension(1))];
			int i = 0;
			for (UnsignedShortType v : Views.flatIterable(Views.hyperSlice(labels, 2, z))) p[i++] = (short) v.get();
			planes.add(p);
		}
		return planes;
	}

	private static List<short[]> planes(ImagePlus labels) {
		List<short[]> planes = new ArrayList<>();
		for (int z = 1; z <= labels.getStackSize(); z++) planes.add((short[]) labels.getStack().getPixels(z));
		return planes;
	}

	private static CommandModule segment(Path model, ImagePlus input, Object... more) throws Exception {
		List<Object> inputs = new ArrayList<>(List.of("input", input, "model", model.toFile(), "chunk", 64, "device", "cpu"));
		inputs.addAll(List.of(more));
		return CommandTests.run(commands, OssNetSegmentCommand.class, inputs.toArray());
	}

	private static String commandError(Class<? extends Command> type, Object... inputs) {
		return CommandTests.commandError(commands, type, inputs);
	}

	@Test
	void segmentsTheOpenStackAsTheCoreDoesWithClassOutlinesAndRepeatsExactly() throws Exception {
		Path model = tinyModel("stack model.labelfit", 1);
		ImagePlus input = volume("scan.tif", 1, 7);
		input.setOverlay(new Overlay(new Roi(1, 1, 4, 4)));
		// a low threshold, so that the random network labels some voxels and there are outlines to check
		ImagePlus labels = (ImagePlus) segment(model, input, "threshold", 0.01).getOutput("label_image");
		assertEquals("scan_labels", labels.getTitle());
		assertEquals(ImagePlus.GRAY16, labels.getType());
		assertEquals(List.of(14, 12, 7), List.of(labels.getWidth(), labels.getHeight(), labels.getStackSize()));
		assertEquals("background,ball", labels.getProp(LabelImages.CLASSES_PROPERTY));
		assertEquals(List.of(0.5, 0.75, 2.0, "mm"), List.of(labels.getCalibration().pixelWidth, labels.getCalibration().pixelHeight,
			labels.getCalibration().pixelDepth, labels.getCalibration().getUnit()));
		List<short[]> expected = coreLabels(model, input, 0.01), got = planes(labels);
		int slicesWithBall = 0;
		for (int z = 0; z < 7; z++) {
			assertArrayEquals(expected.get(z), got.get(z), "slice " + (z + 1));
			boolean any = false;
			for (short v : got.get(z)) any |= v == 1;
			if (any) slicesWithBall++;
		}
		assertTrue(slicesWithBall > 0, "some voxel labelled");
		// one outline per slice with the class, and the user's own ROI kept
		assertEquals(slicesWithBall + 1, input.getOverlay().size());
		for (int i = 0; i < 3; i++) {
			ImagePlus again = (ImagePlus) segment(model, input, "threshold", 0.01).getOutput("label_image");
			for (int z = 0; z < 7; z++) assertArrayEquals(got.get(z), planes(again).get(z), "repeat " + i + ", slice " + (z + 1));
		}
		assertEquals(slicesWithBall + 1, input.getOverlay().size(), "segmenting again replaces LabelFit's outlines");
	}

	@Test
	void segmentsAHyperstackOfTheModelsChannels() throws Exception {
		Path model = tinyModel("two channels.labelfit", 2);
		ImagePlus input = volume("two", 2, 5);
		ImagePlus labels = (ImagePlus) segment(model, input, "add_overlay", false).getOutput("label_image");
		assertEquals(List.of(14, 12, 5), List.of(labels.getWidth(), labels.getHeight(), labels.getStackSize()));
		List<short[]> expected = coreLabels(model, input, 0.5);
		for (int z = 0; z < 5; z++) assertArrayEquals(expected.get(z), planes(labels).get(z), "slice " + (z + 1));
		assertEquals(null, input.getOverlay(), "no overlay asked for");
	}

	@Test
	void aFlatImageOrTheWrongChannelsFailInOneLineAndLeaveTheInputAlone() throws Exception {
		Path model = tinyModel("one channel.labelfit", 1);
		ImagePlus flat = volume("flat", 1, 1), two = volume("two channels", 2, 5);
		assertEquals("flat is a 2D image; OSS-Net segments 3D volumes", commandError(OssNetSegmentCommand.class, "input", flat, "model",
			model.toFile()));
		two.setOverlay(new Overlay(new Roi(1, 1, 4, 4)));
		assertEquals("two channels has 2 channels, the model takes 1", commandError(OssNetSegmentCommand.class, "input", two, "model",
			model.toFile()));
		assertEquals(1, two.getOverlay().size());
		assertEquals("no image is open; open a 3D volume or give input_path=", commandError(OssNetSegmentCommand.class, "model", model.toFile()));
		String error = commandError(OssNetSegmentCommand.class, "input", two, "model", model.toFile(), "inference", "fast");
		assertEquals("inference must be mise, mise-optimised or dense, not 'fast'", error);
	}

	@Test
	void logsTheDecoderQueriesAsAShareOfDense() {
		// 2048 voxels on 16×16×8; 128 + 300 + 84 = 512 queries is a quarter
		assertEquals("LabelFit: scan: 512 decoder queries, 25.0% of dense (2,048 voxels of the 16×16×8 grid)",
			OssNetSegmentRequest.queriesOfDense("scan", new long[] { 128, 300, 84 }, new OssNetConfig.Grid(16, 16, 8)));
	}

	private static Path stateDict(OssNetConfig config, String name) throws IOException {
		Map<String, Tensor> weights = OssNetwork.initialWeights(config, 5);
		Path file = data.resolve(name);
		NpzFiles.write(file, weights);
		return file;
	}

	@Test
	void importWeightsOnAGivenGridFromTheMenuAndFromMacros() throws Exception {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, 1, 4, SMALL);
		Path weights = stateDict(c, "own c.npz"), out = data.resolve("imported c.labelfit");
		CommandModule m = CommandTests.run(commands, OssNetImportCommand.class, "weights", weights.toFile(), "model", out.toFile(), "grid",
			"64,64,32", "channels", 1);
		assertEquals(out.toFile(), m.getOutput("model_file"));
		OssNetModel imported = OssNetModelFile.load(out);
		assertEquals(c, imported.config());
		assertEquals("run(\"OSS-Net Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(out) + "] grid=64,64,32 channels=1\");",
			imported.provenance().get("command"));

		long size = Files.size(out);
		String call = "run(\"OSS-Net Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(out) + "] grid=64,64,32";
		String error = macroError(call + "\");");
		assertTrue(error.startsWith("test.ijm line 1: OSS-Net Import Weights: ") && error.contains("already exists"), error);
		assertEquals(size, Files.size(out));
		// the network takes one channel, not four: named, and nothing written
		Path other = data.resolve("four channels.labelfit");
		error = macroError("run(\"OSS-Net Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(other) + "] grid=64,64,32 channels=4\");");
		assertEquals("test.ijm line 1: OSS-Net Import Weights: own c.npz: the network takes 1 image channel, not 4", error);
		assertFalse(Files.exists(other));
		MacroRunner.run(call + " overwrite\");", "", "ow.ijm");
		assertEquals(c, OssNetModelFile.load(out).config());
	}

	@Test
	void aGridTheWeightsDoNotFitIsNamed() throws Exception {
		Path weights = stateDict(new OssNetConfig(OssNetVariant.A, 1, 4, SMALL), "a.npz"), out = data.resolve("a.labelfit");
		String error = CommandTests.commandError(commands, OssNetImportCommand.class, "weights", weights.toFile(), "model", out.toFile(), "grid",
			"128,128,64");
		assertEquals("a.npz: OSS-Net weights have a latent of 4 features, but grid 128×128×64 gives 4×4×2 = 32 (grid / 32); " +
			"is this an official OSS-Net state dict?", error);
		assertFalse(Files.exists(out));
	}

	/** Saves a volume as a TIFF stack. */
	private static Path tiff(ImagePlus imp, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		assertTrue(new FileSaver(imp).saveAsTiffStack(path(file)));
		return file;
	}

	@Test
	void segmentsFilesThroughTheBatchJobAndOverwritesNothing() throws Exception {
		Path model = tinyModel("files model.labelfit", 1);
		Path scans = data.resolve("scans");
		tiff(volume("a", 1, 7), scans.resolve("a.tif"));
		tiff(volume("b", 1, 6), scans.resolve("b.tif"));
		Path out = data.resolve("file labels");
		CommandModule m = CommandTests.run(commands, OssNetSegmentCommand.class, "model", model.toFile(), "input_path", path(scans), "output",
			out.toFile(), "inference", "dense", "chunk", 64, "device", "cpu");
		assertEquals(path(out.resolve("a_labels.tif")) + "\n" + path(out.resolve("b_labels.tif")), m.getOutput("written_files"));
		ImagePlus a = IJ.openImage(path(out.resolve("a_labels.tif")));
		assertEquals(List.of(ImagePlus.GRAY16, 14, 12, 7), List.of(a.getType(), a.getWidth(), a.getHeight(), a.getStackSize()));
		assertEquals("background,ball", a.getProp(LabelImages.CLASSES_PROPERTY));
		// without overwrite a folder's existing labels are skipped (resumed), an existing label file is refused in one line
		Path kept = Files.writeString(out.resolve("a_labels.tif"), "kept");
		MacroRunner.run("run(\"OSS-Net Segment\", \"model=[" + path(model) + "] input_path=[" + path(scans) + "] output=[" + path(out) +
			"] chunk=64\");", "", "resume.ijm");
		assertEquals("kept", Files.readString(kept));
		String error = macroError("run(\"OSS-Net Segment\", \"model=[" + path(model) + "] input_path=[" + path(scans.resolve("a.tif")) +
			"] output=[" + path(kept) + "] chunk=64\");");
		assertTrue(error.startsWith("test.ijm line 1: OSS-Net Segment: ") && error.contains("already exists"), error);
		assertEquals("kept", Files.readString(kept));
		error = commandError(OssNetSegmentCommand.class, "model", model.toFile(), "input_path", path(scans));
		assertEquals("output= is required with input_path=: a label file, or a folder for several inputs", error);
	}

	@Test
	void aModelOfAnotherMethodIsNamedAndNothingWritten() {
		Path unet = data.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new java.util.LinkedHashMap<>();
		c.tensorShapes().forEach((k, shape) -> w.put(k, new Tensor(shape, new float[(int) Tensor.elementCount(shape)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of()), () -> false);
		ImagePlus input = volume("scan", 1, 7);
		String error = commandError(OssNetSegmentCommand.class, "input", input, "model", unet.toFile());
		assertTrue(error.contains("unet.labelfit is a unet model, not an ossnet model"), error);
		Path out = data.resolve("unet labels");
		error = macroError("run(\"OSS-Net Segment\", \"model=[" + path(unet) + "] input_path=[" + path(data) + "] output=[" + path(out) + "]\");");
		assertTrue(error.startsWith("test.ijm line 1: OSS-Net Segment: ") && error.contains("is a unet model"), error);
		assertFalse(Files.exists(out));
	}

	@Test
	void segmentMacroOnAnOpenedVolumeAndOnAFolder() throws IOException {
		Path model = tinyModel("macro model.labelfit", 1);
		Path scan = tiff(volume("scan", 1, 7), data.resolve("macro scans/scan.tif")), out = data.resolve("macro scans/scan_labels.tif");
		MacroRunner.run(Path.of("macros/ossnet_segment.ijm"), "model=[" + path(model) + "] image=[" + path(scan) + "] chunk=64 device=cpu");
		ImagePlus labels = IJ.openImage(path(out));
		assertEquals(List.of(ImagePlus.GRAY16, 7), List.of(labels.getType(), labels.getStackSize()));
		assertEquals("background,ball", labels.getProp(LabelImages.CLASSES_PROPERTY));
		List<short[]> expected = coreLabels(model, IJ.openImage(path(scan)), 0.5);
		for (int z = 0; z < 7; z++) assertArrayEquals(expected.get(z), planes(labels).get(z), "slice " + (z + 1));
		// run again without overwrite: the macro stops before segmenting, the labels stay
		Files.writeString(out, "kept");
		MacroRunner.run(Path.of("macros/ossnet_segment.ijm"), "model=[" + path(model) + "] image=[" + path(scan) + "] chunk=64");
		assertEquals("kept", Files.readString(out));
		Files.delete(out);
		Path folder = data.resolve("macro labels");
		MacroRunner.run(Path.of("macros/ossnet_segment.ijm"), "model=[" + path(model) + "] input=[" + path(scan.getParent()) + "] output=[" +
			path(folder) + "] inference=dense chunk=64 device=cpu");
		ImagePlus dense = IJ.openImage(path(folder.resolve("scan_labels.tif")));
		assertEquals(7, dense.getStackSize());
	}

	@Test
	void segmentMacroWritesTheMeshOfTheCoresLabelsInPhysicalUnits() throws IOException {
		Path model = tinyModel("mesh model.labelfit", 1);
		Path scan = tiff(volume("scan", 1, 7), data.resolve("mesh scans/scan.tif")), mesh = data.resolve("mesh scans/scan.stl");
		MacroRunner.run(Path.of("macros/ossnet_segment.ijm"), "model=[" + path(model) + "] image=[" + path(scan) + "] chunk=64 device=cpu " +
			"threshold=0.01 mesh=[" + path(mesh) + "] mesh_min_voxels=1");
		List<short[]> core = coreLabels(model, IJ.openImage(path(scan)), 0.01);
		boolean[] mask = new boolean[14 * 12 * 7];
		for (int z = 0; z < 7; z++) for (int i = 0; i < 14 * 12; i++) mask[z * 14 * 12 + i] = core.get(z)[i] == 1;
		org.labelfit.mesh.Mesh expected = org.labelfit.mesh.MarchingCubes.of(mask, 14, 12, 7, new double[] { 0.5, 0.75, 2 });
		assertTrue(expected.triangleCount() > 0, "some voxels labelled");
		java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(mesh)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		assertEquals(expected.triangleCount(), b.getInt(80));
		assertEquals(84 + 50L * expected.triangleCount(), b.capacity());
		// the TIFF stores the spacing as a rational resolution, read back a float ulp or so off 0.75: hence the tolerance
		for (int k = 0; k < 9; k++) assertEquals(expected.vertices()[3 * expected.triangles()[k / 3] + k % 3], b.getFloat(84 + 12 + 4 * k), 1e-5);
	}

	/** Three 24×24×12 noisy volumes with a cube of label 1 each (and one voxel of label 2), under train/images and train/labels. */
	private static Path trainingData() throws IOException {
		Path dir = data.resolve("train");
		if (Files.isDirectory(dir)) return dir;
		Random r = new Random(4);
		for (int i = 0; i < 3; i++) {
			int c = 8 + 2 * i;
			ImageStack images = new ImageStack(24, 24), labels = new ImageStack(24, 24);
			for (int z = 0; z < 12; z++) {
				float[] image = new float[24 * 24], label = new float[24 * 24];
				for (int y = 0; y < 24; y++)
					for (int x = 0; x < 24; x++) {
						label[y * 24 + x] = Math.abs(x - c) <= 4 && Math.abs(y - c) <= 4 && Math.abs(z - 6) <= 3 ? 1 : x + y + z == 0 ? 2 : 0;
						image[y * 24 + x] = label[y * 24 + x] + (float) (0.3 * r.nextGaussian());
					}
				images.addSlice(new FloatProcessor(24, 24, image));
				labels.addSlice(new FloatProcessor(24, 24, label));
			}
			tiff(new ImagePlus("case" + i, images), dir.resolve("images/case" + i + ".tif"));
			tiff(new ImagePlus("case" + i, labels), dir.resolve("labels/case" + i + ".tif"));
		}
		return dir;
	}

	/** The options of a one-epoch run of a one-block OSS-Net A on 32×32×16, the macro way. */
	private static String trainOptions(Path dir, Path out) {
		return "images=[" + path(dir.resolve("images")) + "] labels=[" + path(dir.resolve("labels")) + "] model=[" + path(out) +
			"] variant=A grid=32,32,16 encoder_blocks=1 label=1 epochs=1 points=64 batch=1 validation_samples=512 seed=3 device=cpu";
	}

	@Test
	void trainsFromTheCommandAndTheMacroAlikeAndTheModelSegments() throws Exception {
		Path dir = trainingData(), out = data.resolve("fiji trained.labelfit");
		CommandModule m = CommandTests.run(commands, OssNetTrainCommand.class, "images", path(dir.resolve("images")), "labels",
			path(dir.resolve("labels")), "model", out.toFile(), "variant", "A", "grid", "32,32,16", "encoder_blocks", 1, "label", 1, "epochs", 1,
			"points", 64, "batch", 1, "validation_samples", 512, "seed", 3L, "device", "cpu");
		assertEquals(out.toFile(), m.getOutput("model_file"));
		OssNetModel trained = OssNetModelFile.load(out);
		assertEquals(new OssNetConfig(OssNetVariant.A, 1, 1, new OssNetConfig.Grid(32, 32, 16)), trained.config());
		assertEquals("label 1", trained.foreground());
		assertEquals(3L, ((Number) trained.provenance().get("seed")).longValue());
		assertEquals(64, ((Number) trained.provenance().get("points_per_volume")).intValue());
		String command = (String) trained.provenance().get("command");
		assertTrue(command.startsWith("run(\"OSS-Net Train\", \"images=" + path(dir.resolve("images")) + " ") && command.contains(
			" variant=A preset=none grid=32,32,16 encoder_blocks=1 label=1 epochs=1 points=64 border_fraction=0.5 batch=1 validation_fraction=0.1 " +
			"validation_samples=512 seed=3 device=cpu"), command);

		// the macro trains the same network: training repeats exactly
		Path again = data.resolve("macro trained.labelfit");
		MacroRunner.run(Path.of("macros/ossnet_train.ijm"), trainOptions(dir, again));
		OssNetModel macroTrained = OssNetModelFile.load(again);
		for (Map.Entry<String, Tensor> w : trained.weights().entrySet())
			assertArrayEquals(w.getValue().data(), macroTrained.weights().get(w.getKey()).data(), w.getKey());

		ImagePlus volume = IJ.openImage(path(dir.resolve("images/case0.tif")));
		ImagePlus labels = (ImagePlus) segment(out, volume, "add_overlay", false).getOutput("label_image");
		assertEquals(List.of(24, 24, 12), List.of(labels.getWidth(), labels.getHeight(), labels.getStackSize()));
		assertEquals("background,label 1", labels.getProp(LabelImages.CLASSES_PROPERTY));
	}

	@Test
	void trainingRefusesBadInputInOneLineAndOverwritesNothing() throws Exception {
		Path dir = trainingData();
		Path kept = Files.writeString(data.resolve("kept.labelfit"), "precious");
		String error = macroError("run(\"OSS-Net Train\", \"" + trainOptions(dir, kept) + "\");");
		assertTrue(error.startsWith("test.ijm line 1: OSS-Net Train: ") && error.contains("already exists"), error);
		assertEquals("precious", Files.readString(kept));
		Path out = data.resolve("never.labelfit");
		error = macroError("run(\"OSS-Net Train\", \"" + trainOptions(dir, out).replace("label=1", "label=7") + "\");");
		assertTrue(error.endsWith("case0.tif has no voxel of label 7: nothing to learn the foreground from"), error);
		error = commandError(OssNetTrainCommand.class, "images", path(dir.resolve("images")), "labels", path(dir.resolve("labels")), "model",
			out.toFile(), "variant", "A", "grid", "30,32,16", "encoder_blocks", 1);
		assertTrue(error.contains("every side must be a multiple of 4"), error);
		error = commandError(OssNetTrainCommand.class, "images", path(dir.resolve("images")), "labels", path(dir.resolve("labels")), "model",
			out.toFile(), "preset", "brats");
		assertEquals("the brats preset takes 4 channels, the images have 1", error);
		assertFalse(Files.exists(out));
		error = macroError("run(\"OSS-Net Train\", \"model=[" + path(out) + "]\");");
		assertTrue(error.startsWith("test.ijm line 1: OSS-Net Train: images= is required"), error);
	}

	@Test
	void sciJavaCommandsStayOutOfTheMenus() {
		for (Class<? extends Command> type : List.of(OssNetImportCommand.class, OssNetTrainCommand.class, OssNetSegmentCommand.class)) {
			CommandInfo info = commands.getCommand(type);
			assertFalse(info.isVisible(), type.getSimpleName());
			assertTrue(info.getMenuPath().getMenuString().startsWith("Plugins > LabelFit > OSS-Net > "), info.getMenuPath().getMenuString());
		}
		assertEquals(List.of(LabelFitMacros.OSSNET_SEGMENT, LabelFitMacros.OSSNET_TRAIN, LabelFitMacros.OSSNET_IMPORT),
			LabelFitMacros.commands().keySet().stream().filter(k -> k.startsWith("OSS-Net")).toList());
	}
}
