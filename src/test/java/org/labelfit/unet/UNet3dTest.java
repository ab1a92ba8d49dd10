package org.labelfit.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.train.Progress;

/** The 3D U-Net: its size, shapes, window stitching, learning and time budget. */
class UNet3dTest {

	private static final List<String> NAMES = List.of("background", "foreground");

	@Test
	void parameterCountMatchesAHandCount() {
		UNetConfig c = new UNetConfig(1, 2, 1, 2, false, false, 3);
		// encoder 1→2: 27·1·2 + 4 + 27·2·2 + 4 = 170; bottleneck 2→4: 27·2·4 + 8 + 27·4·4 + 8 = 664;
		// upconv 4→2: 4·2·8 + 2 = 66; decoder 4→2: 27·4·2 + 4 + 27·2·2 + 4 = 332; head: 2·2 + 2 = 6
		assertEquals(170 + 664 + 66 + 332 + 6, c.parameterCount());
		// the 2D one of the same shape: 9 instead of 27 per 3×3 kernel, 4 instead of 8 per up-convolution
		assertEquals((18 + 4 + 36 + 4) + (72 + 8 + 144 + 8) + (32 + 2) + (72 + 4 + 36 + 4) + 6, c.withDims(2).parameterCount());
		try (NDManager m = Engines.newManager(Device.cpu())) {
			UNet net = new UNet(c);
			net.initialize(m);
			long built = 0;
			for (Parameter p : net.trainableParameters()) built += p.getArray().size();
			assertEquals(c.parameterCount(), built);
			for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet())
				assertArrayEquals(c.tensorShapes().get(e.getKey()), e.getValue().getArray().getShape().getShape(), e.getKey());
		}
	}

	@Test
	void forwardKeepsTheSpatialShapeAndRefuses2dInput() {
		UNetConfig c = new UNetConfig(1, 3, 2, 2, false, false, 3);
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			UNet net = new UNet(c);
			net.initialize(m);
			ParameterStore ps = new ParameterStore(m, false);
			NDArray y = net.forward(ps, new NDList(m.randomNormal(new Shape(2, 1, 8, 12, 4))), false).singletonOrThrow();
			assertEquals(new Shape(2, 3, 8, 12, 4), y.getShape());
			LabelFitException e = assertThrows(LabelFitException.class,
				() -> net.forward(ps, new NDList(m.randomNormal(new Shape(1, 1, 8, 8))), false));
			assertTrue(e.getMessage().contains("3D U-Net expects N×1×D×H×W"), e.getMessage());
		}
	}

	@Test
	void windowStartsCoverTheAxis() {
		assertArrayEquals(new int[] { 0, 4, 5 }, UNetWindows.starts(13, 8));
		assertArrayEquals(new int[] { 0, 4, 8 }, UNetWindows.starts(16, 8));
		assertArrayEquals(new int[] { 0 }, UNetWindows.starts(8, 8));
		assertArrayEquals(new int[] { 0 }, UNetWindows.starts(5, 8));
	}

	@Test
	void stitchingAPointwisePredictorGivesItOnTheWholeVolume() {
		// 13×5×11: windows overlap along x and z, and the patch is longer than the volume along y (zero padding)
		int[] size = { 13, 5, 11 }, patch = { 8, 8, 4 };
		float[] values = new float[13 * 5 * 11];
		for (int i = 0; i < values.length; i++) values[i] = i;
		UNetVolume v = new UNetVolume("v", size, values, null);
		int patchVoxels = 8 * 8 * 4;
		List<Integer> calls = new ArrayList<>();
		float[] maps = UNetWindows.stitch(v, patch, 2, p -> {
			calls.add(1);
			float[] out = new float[2 * patchVoxels];
			for (int i = 0; i < patchVoxels; i++) {
				out[i] = p[i];
				out[patchVoxels + i] = 2 * p[i] + 1;
			}
			return out;
		});
		assertEquals(3 * 1 * 5, calls.size());
		for (int i = 0; i < values.length; i++) {
			assertEquals(i, maps[i], 1e-3, "class 0, voxel " + i);
			assertEquals(2 * i + 1, maps[values.length + i], 1e-3, "class 1, voxel " + i);
		}
	}

	/** A 32×32×16 volume with a ball of radius 6 (label 2, so "any" must map it to 1), intensity 1 inside, plus noise. */
	private static ImageData[] ball(long seed) {
		Random r = new Random(seed);
		int cx = 10 + r.nextInt(12), cy = 10 + r.nextInt(12), cz = 6 + r.nextInt(4);
		List<float[]> image = new ArrayList<>(), labels = new ArrayList<>();
		for (int z = 0; z < 16; z++) {
			float[] p = new float[32 * 32], l = new float[32 * 32];
			for (int y = 0; y < 32; y++)
				for (int x = 0; x < 32; x++) {
					boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) * 4 <= 36;
					p[y * 32 + x] = (in ? 1 : 0) + 0.3f * (float) r.nextGaussian();
					l[y * 32 + x] = in ? 2 : 0;
				}
			image.add(p);
			labels.add(l);
		}
		double[] spacing = { 1, 1, 1 };
		return new ImageData[] { new ImageData(Images.floatImg(image, 32, 32), spacing, null, "ball" + seed),
			new ImageData(Images.floatImg(labels, 32, 32), spacing, null, "ball" + seed + "_labels") };
	}

	private static double dice(UNetModel model, ImageData[] pair) {
		try (UNetSegmenter s = new UNetSegmenter(model, Device.cpu())) {
			return dice(Images.shortPlanes(s.segment(pair[0], Progress.NONE)), pair);
		}
	}

	/** Dice of foreground 1 in {@code got} against label > 0. */
	private static double dice(short[][] got, ImageData[] pair) {
		short[][] truth = pair[1].labelPlanes();
		long both = 0, sum = 0;
		for (int z = 0; z < truth.length; z++)
			for (int i = 0; i < truth[z].length; i++) {
				boolean t = truth[z][i] > 0, g = got[z][i] == 1;
				if (t && g) both++;
				sum += (t ? 1 : 0) + (g ? 1 : 0);
			}
		return 2.0 * both / sum;
	}

	@Test
	void trainingOnBallsSegmentsAnUnseenBall() {
		UNetConfig c = new UNetConfig(1, 2, 2, 4, false, false, 3);
		int[] patch = { 16, 16, 8 };
		List<UNetVolume> train = new ArrayList<>();
		for (int s = 1; s <= 4; s++) {
			ImageData[] p = ball(s);
			train.add(UNetVolume.of(p[0], p[1], UNetVolume.ANY_LABEL));
		}
		UNetTrainer.Settings settings = UNetTrainer.Settings.defaults().withEpochs(40).withBatchSize(2).withLearningRate(1e-2f).withSeed(7);
		UNetModel trained = UNetTrainer.train3d(c, train, patch, NAMES, settings, Device.cpu(), Progress.NONE, Map.of());
		assertEquals(80L, trained.provenance().get("steps"));
		// the same network before any step: the engine seed gives the trainer's initial weights
		Engines.seed(7);
		UNetModel untrained;
		try (NDManager m = Engines.newManager(Device.cpu())) {
			UNet net = new UNet(c);
			net.initialize(m);
			untrained = new UNetModel(c, 0, patch, NAMES, net.export(), Map.of());
		}
		ImageData[] test = ball(99);
		// the per-voxel rule a network without spatial context can at best learn: intensity above the midpoint 0.5
		float[][] planes = Images.floatPlanes(test[0].pixels());
		short[][] thresholded = new short[planes.length][];
		for (int z = 0; z < planes.length; z++) {
			thresholded[z] = new short[planes[z].length];
			for (int i = 0; i < planes[z].length; i++) thresholded[z][i] = (short) (planes[z][i] > 0.5f ? 1 : 0);
		}
		double before = dice(untrained, test), after = dice(trained, test), threshold = dice(thresholded, test);
		assertTrue(after > threshold && threshold > before, "Dice " + before + " untrained, " + threshold + " thresholded, " + after +
			" trained");
	}

	@Test
	void aTinyTimeBudgetStopsAfterTheFirstStep() {
		UNetConfig c = new UNetConfig(1, 2, 1, 2, false, false, 3);
		ImageData[] p = ball(1);
		UNetTrainer.Settings settings = UNetTrainer.Settings.defaults().withEpochs(1000).withBatchSize(1).withMaxSeconds(1e-9);
		UNetModel m = UNetTrainer.train3d(c, List.of(UNetVolume.of(p[0], p[1], "2")), new int[] { 8, 8, 8 }, NAMES, settings, Device.cpu(),
			Progress.NONE, Map.of());
		assertEquals(1, m.provenance().get("epochs_run"));
		assertEquals(1L, m.provenance().get("steps"));
		assertEquals(true, m.provenance().get("stopped_by_time_budget"));
	}

	@Test
	void labelSelectionAndBadInput() {
		ImageData[] p = ball(3);
		short[] any = UNetVolume.of(p[0], p[1], null).labels(), two = UNetVolume.of(p[0], p[1], "2").labels();
		short[] one = UNetVolume.of(p[0], p[1], "1").labels(), all = UNetVolume.of(p[0], p[1], "all").labels();
		for (int i = 0; i < any.length; i++) {
			assertEquals(any[i], two[i]);
			assertEquals(0, one[i]);
			assertEquals(2 * any[i], all[i]);
		}
		ImageData flat = new ImageData(Images.floatImg(List.of(new float[64]), 8, 8), new double[] { 1, 1 }, null, "flat");
		LabelFitException e = assertThrows(LabelFitException.class, () -> UNetVolume.of(flat));
		assertEquals("flat is a 2D image; the 3D U-Net segments volumes", e.getMessage());
		assertThrows(LabelFitException.class, () -> UNetVolume.of(p[0], p[1], "x"));
	}
}
