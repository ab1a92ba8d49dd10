package org.labelfit.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.model.Tensor;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.data.Samples;
import org.labelfit.data.Sample;
import org.labelfit.sample.Phantoms;
import org.labelfit.sample.SampleData;
import org.labelfit.train.CancelledException;
import org.labelfit.train.Progress;

/** A tiny U-Net (8 base features, depth 2) trained for a few steps on 32×32 phantoms. */
class UNetTrainerTest {

	/** One step per epoch: PyTorch is slow on a busy 2-core machine, so every step counts. */
	static final UNetTrainer.Settings TINY = UNetTrainer.Settings.defaults().withEpochs(3).withBatchSize(6);

	@TempDir
	static Path root;

	static List<Sample> samples;
	static UNetConfig config;
	static UNetModel model;
	static final List<Double> stepLosses = new ArrayList<>();

	@BeforeAll
	static void train() {
		SampleData.write(root, 7, 6, 2, 32);
		samples = Samples.training(ImagePairs.pair(root.resolve("train/images").toString(),
			root.resolve("train/labels").toString(), null, null), 2, 32, Progress.NONE);
		// depth 2 halves the operations per step; the CLI test trains the full depth 4
		config = UNetConfig.buda(1, 5).withFeatures(8).withDepth(2);
		Progress record = status -> {
			if (status.done() > 0) stepLosses.add(status.loss());
		};
		model = UNetTrainer.train(config, samples, Phantoms.CLASS_NAMES, TINY, Device.cpu(), record, Map.of("command", "test"));
	}

	@Test
	void lossDecreasesAndEveryStepIsReported() {
		assertEquals(3, stepLosses.size(), "3 epochs of 1 batch");
		@SuppressWarnings("unchecked")
		List<Double> epochs = (List<Double>) model.provenance().get("epoch_losses");
		assertEquals(3, epochs.size());
		assertTrue(epochs.get(2) < epochs.get(0), "epoch losses " + epochs);
		assertEquals(3L, model.provenance().get("steps"));
		assertEquals(false, model.provenance().get("stopped_by_time_budget"));
	}

	@Test
	void sameSeedSameWeights() {
		UNetTrainer.Settings one = TINY.withEpochs(1).withFlips(true);
		UNetModel a = UNetTrainer.train(config, samples, Phantoms.CLASS_NAMES, one, Device.cpu(), Progress.NONE, Map.of());
		UNetModel b = UNetTrainer.train(config, samples, Phantoms.CLASS_NAMES, one, Device.cpu(), Progress.NONE, Map.of());
		assertEquals(a.weights(), b.weights());
		assertFalse(a.weights().equals(model.weights()));
	}

	@Test
	void saveLoadIsBitExactAndPredictsIdentically() {
		Path file = root.resolve("tiny-unet.labelfit");
		assertTrue(UNetModelFile.save(file, model, () -> false));
		UNetModel loaded = UNetModelFile.load(file);
		assertEquals(config, loaded.config());
		assertEquals(32, loaded.size());
		assertEquals(Phantoms.CLASS_NAMES, loaded.classNames());
		assertEquals(model.weights(), loaded.weights());
		assertEquals(List.copyOf(config.tensorShapes().keySet()), List.copyOf(loaded.weights().keySet()));
		assertEquals("test", loaded.provenance().get("command"));
		try (UNetSegmenter a = new UNetSegmenter(model, Device.cpu()); UNetSegmenter b = new UNetSegmenter(loaded, Device.cpu())) {
			float[][] pa = a.probabilities(samples), pb = b.probabilities(samples);
			for (int i = 0; i < pa.length; i++) assertArrayEquals(pa[i], pb[i]);
			short[] labels = a.segment(samples.get(0));
			assertArrayEquals(labels, b.segment(samples.get(0)));
			assertEquals(32 * 32, labels.length);
		}
	}

	/**
	 * Issue 7: two training steps (8 base features and 5 classes: partial oneDNN channel blocks everywhere)
	 * repeated 6 times end finite and bit-identical, and forward passes of the same batch repeated 10 times
	 * are identical; the oneDNN fault made this training NaN at step 2 in 4 of 5 runs.
	 */
	@Test
	void repeatedTrainingAndForwardPassesAreFiniteAndIdentical() {
		UNetTrainer.Settings two = TINY.withEpochs(2);
		UNetModel first = UNetTrainer.train(config, samples, Phantoms.CLASS_NAMES, two, Device.cpu(), Progress.NONE, Map.of());
		for (var t : first.weights().values()) for (float v : t.data()) assertTrue(Float.isFinite(v));
		for (int run = 2; run <= 6; run++)
			assertEquals(first.weights(), UNetTrainer.train(config, samples, Phantoms.CLASS_NAMES, two, Device.cpu(), Progress.NONE, Map.of())
				.weights(), "run " + run);
		try (UNetSegmenter s = new UNetSegmenter(first, Device.cpu())) {
			float[][] reference = s.probabilities(samples);
			for (int run = 2; run <= 10; run++) {
				float[][] again = s.probabilities(samples);
				for (int i = 0; i < reference.length; i++) assertArrayEquals(reference[i], again[i], "run " + run + ", sample " + i);
			}
		}
	}

	/** A network that outputs NaN stops with one line naming the method and image, not an empty label image. */
	@Test
	void aNonFiniteOutputIsAnErrorNotAnEmptyLabelImage() {
		Map<String, Tensor> weights = new java.util.LinkedHashMap<>(model.weights());
		float[] bias = weights.get("conv.bias").data().clone();
		bias[3] = Float.NaN;
		weights.put("conv.bias", new Tensor(new long[] { bias.length }, bias));
		UNetModel broken = new UNetModel(config, 32, Phantoms.CLASS_NAMES, weights, Map.of());
		try (UNetSegmenter s = new UNetSegmenter(broken, Device.cpu())) {
			String m = assertThrows(LabelFitException.class, () -> s.segment(samples.get(0))).getMessage();
			assertTrue(m.startsWith("U-Net on " + samples.get(0).name() + ": the network output has 5120 of 5120 non-finite values"), m);
		}
	}

	@Test
	void runningStatisticsAreTrainedAndSaved() {
		float[] mean = model.weights().get("encoder1.enc1norm1.running_mean").data();
		float[] var = model.weights().get("bottleneck.bottlenecknorm2.running_var").data();
		assertFalse(allEqual(mean, 0), "running mean moved from its initial 0");
		assertFalse(allEqual(var, 1), "running variance moved from its initial 1");
	}

	@Test
	void timeBudgetStopsAfterTheStepThatReachesIt() {
		UNetModel m = UNetTrainer.train(config, samples, Phantoms.CLASS_NAMES, TINY.withMaxSeconds(1e-6), Device.cpu(), Progress.NONE,
			Map.of());
		assertEquals(1L, m.provenance().get("steps"));
		assertEquals(true, m.provenance().get("stopped_by_time_budget"));
	}

	@Test
	void labelsVolumesSliceBySliceOnTheirOwnGrid() {
		try (UNetSegmenter s = new UNetSegmenter(model, Device.cpu())) {
			Img<UnsignedShortType> labels = s.segment(ImageFiles.read(root.resolve("phantom3d/images/phantom3d_000.tif")), Progress.NONE);
			assertArrayEquals(new int[] { SampleData.SIZE_3D, SampleData.SIZE_3D, SampleData.DEPTH_3D }, Images.dims2or3(labels));
			for (UnsignedShortType t : labels) assertTrue(t.get() < 5);
		}
	}

	@Test
	void cancellingTrainingWritesNothing() {
		Path out = root.resolve("cancelled.labelfit");
		int[] reports = { 0 };
		Progress cancelAfterOneStep = new Progress() {

			@Override
			public void report(Status status) {
				reports[0]++;
			}

			@Override
			public boolean isCancelled() {
				return reports[0] >= 2;
			}
		};
		UNetBaseline.TrainRequest r = new UNetBaseline.TrainRequest(root.resolve("train/images").toString(),
			root.resolve("train/labels").toString(), null, null, 0, null, 32, 4, 4, TINY, "cpu", "test");
		assertThrows(CancelledException.class, () -> UNetBaseline.train(r, out, false, cancelAfterOneStep));
		assertFalse(Files.exists(out));
	}

	@Test
	void rejectsUnusableSamples() {
		Sample unlabelled = new Sample("x", new float[32 * 32], null, 32, 32, 1);
		assertTrue(assertThrows(LabelFitException.class, () -> UNetTrainer.train(config, List.of(unlabelled),
			Phantoms.CLASS_NAMES, TINY, Device.cpu(), Progress.NONE, Map.of())).getMessage().contains("needs a label image"));
		Sample odd = new Sample("y", new float[30 * 30], new short[30 * 30], 30, 30, 1);
		assertTrue(assertThrows(LabelFitException.class, () -> UNetTrainer.train(config, List.of(odd), Phantoms.CLASS_NAMES,
			TINY, Device.cpu(), Progress.NONE, Map.of())).getMessage().contains("divisible by 4"));
	}

	private static boolean allEqual(float[] a, float v) {
		for (float x : a) if (x != v) return false;
		return true;
	}
}
