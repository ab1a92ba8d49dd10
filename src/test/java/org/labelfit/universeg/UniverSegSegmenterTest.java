package org.labelfit.universeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.Device;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;
import org.labelfit.model.Tensor;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.sample.SampleData;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

class UniverSegSegmenterTest {

	@TempDir
	static Path data;
	static UniverSegModel model;
	static SupportSet support;

	@BeforeAll
	static void tinyModelAndPhantomSupport() {
		UniverSegConfig config = UniverSegConfig.uniform(8, 4);
		model = new UniverSegModel(config, 32, UniverSegNet.initialWeights(config, 1), null, Map.of("source", "test"));
		SampleData.write(data, 3, 5, 1, 40);
		support = SupportSet.fromFiles(data.resolve("train/images").toString(), data.resolve("train/labels").toString(), null, null, 32,
			Progress.NONE);
	}

	/** Per pixel the most probable label reaching the threshold, else background. */
	@Test
	void fusionTakesTheMostProbableLabelAboveTheThreshold() {
		float[][] p = { { 0.9f, 0.6f, 0.2f, 0.4f }, { 0.7f, 0.8f, 0.3f, 0.5f } };
		assertArrayEquals(new short[] { 3, 7, 0, 7 }, UniverSegSegmenter.fuse(p, new int[] { 3, 7 }, 0.5));
		assertArrayEquals(new short[] { 3, 7, 0, 0 }, UniverSegSegmenter.fuse(p, new int[] { 3, 7 }, 0.55));
	}

	/** Dice per label by hand: label 1 predicted on 2 of its 3 pixels plus 1 wrong: 2·2/(3 + 3); label 2 absent from both: 1. */
	@Test
	void benchmarkDicePerLabel() {
		short[] truth = { 1, 1, 1, 0, 0 }, predicted = { 1, 1, 0, 1, 0 };
		assertArrayEquals(new double[] { 4.0 / 6, 1 }, UniverSegTaskBenchmark.dice(predicted, truth, new int[] { 1, 2 }), 1e-12);
	}

	@Test
	void supportSubsetsAreDistinctExamplesAndReproducible() {
		List<int[]> subsets = UniverSegSegmenter.subsets(10, 4, 3, 9);
		assertEquals(3, subsets.size());
		for (int[] s : subsets) {
			Set<Integer> distinct = new HashSet<>();
			for (int i : s) assertTrue(i >= 0 && i < 10 && distinct.add(i));
			assertEquals(4, distinct.size());
		}
		assertArrayEquals(subsets.get(1), UniverSegSegmenter.subsets(10, 4, 3, 9).get(1));
		assertNotEquals(List.of(subsets.get(0)), List.of(subsets.get(1)));
		// all examples fit one pass: one subset, since repeats would be identical
		assertEquals(1, UniverSegSegmenter.subsets(5, 5, 4, 1).size());
	}

	/** v1 at 128²: 80 MB + S · 3.5 · 64 · 128² · 4 B = 80 + 14 MB · S; with 200 MB allowed, S = 8 fits. */
	@Test
	void aSupportSizeThatDoesNotFitIsRefusedWithOneThatDoes() {
		assertEquals(80 + 14 * 32, UniverSegSegmenter.estimateMegabytes(UniverSegConfig.v1(), 128, 32), 1e-9);
		String message = assertThrows(LabelFitException.class,
			() -> UniverSegSegmenter.requireMemory(UniverSegConfig.v1(), 128, 32, 200)).getMessage();
		assertTrue(message.startsWith("support size 32 needs about 528 MB per query but only 200 MB are allowed") &&
			message.contains("use a support size of at most 8"), message);
		UniverSegSegmenter.requireMemory(UniverSegConfig.v1(), 128, 8, 200);
	}

	@Test
	void segmentsANonSquareImageOnItsOwnGrid() {
		int[] labels = support.labels(null);
		assertArrayEquals(new int[] { 1, 2, 3, 4 }, labels);
		float[] pixels = new float[48 * 30];
		for (int i = 0; i < pixels.length; i++) pixels[i] = (i % 48) / 48f;
		ImageData image = new ImageData(Images.floatImg(List.of(pixels), 48, 30), new double[] { 1, 1 }, null, "query");
		Img<UnsignedShortType> out = UniverSeg.segment(model, image, support, null, UniverSegSegmenter.Options.defaults(), "cpu",
			Progress.NONE);
		assertArrayEquals(new long[] { 48, 30 }, out.dimensionsAsLongArray());
		for (UnsignedShortType v : out) assertTrue(v.get() <= 4);
	}

	/** A volume is segmented slice by slice with supports from other images; every slice keeps the volume's grid. */
	@Test
	void segmentsAVolumeSliceBySlice() {
		List<float[]> planes = new java.util.ArrayList<>();
		for (int z = 0; z < 3; z++) {
			float[] p = new float[36 * 28];
			for (int i = 0; i < p.length; i++) p[i] = ((i + 7 * z) % 36) / 36f;
			planes.add(p);
		}
		ImageData volume = new ImageData(Images.floatImg(planes, 36, 28), new double[] { 1, 1, 2 }, null, "volume");
		Img<UnsignedShortType> out = UniverSeg.segment(model, volume, support, new int[] { 2 },
			new UniverSegSegmenter.Options(3, 1, 1, 0.5, 0), "cpu", Progress.NONE);
		assertArrayEquals(new long[] { 36, 28, 3 }, out.dimensionsAsLongArray());
		for (UnsignedShortType v : out) assertTrue(v.get() == 0 || v.get() == 2);
	}

	/** Ensembling averages the probabilities of the subsets: K = 2 equals the mean of each subset's own run. */
	/** A network that outputs NaN stops with one line naming the method and label, not an empty label image. */
	@Test
	void aNonFiniteOutputIsAnErrorNotAnEmptyLabelImage() {
		Map<String, Tensor> weights = new java.util.LinkedHashMap<>(model.weights());
		weights.put("out_conv.conv.bias", new Tensor(new long[] { 1 }, new float[] { Float.NaN }));
		UniverSegModel broken = new UniverSegModel(model.config(), 32, weights, null, Map.of());
		try (UniverSegSegmenter s = new UniverSegSegmenter(broken, Device.cpu())) {
			String m = assertThrows(LabelFitException.class, () -> s.probabilities(support.examples().get(0).intensity(), support, new int[] { 2 },
				UniverSegSegmenter.Options.defaults(), new Meter(Progress.NONE, "test", 10))).getMessage();
			assertTrue(m.startsWith("UniverSeg, label 2: the network output has 1024 of 1024 non-finite values"), m);
		}
	}

	@Test
	void anEnsembleIsTheMeanOfItsMembers() {
		float[] query = support.examples().get(0).intensity();
		int[] labels = { 2 };
		try (UniverSegSegmenter s = new UniverSegSegmenter(model, Device.cpu())) {
			Meter meter = new Meter(Progress.NONE, "test", 10);
			float[] both = s.probabilities(query, support, labels, new UniverSegSegmenter.Options(2, 2, 5, 0.5, 0), meter)[0];
			List<int[]> subsets = UniverSegSegmenter.subsets(support.size(), 2, 2, 5);
			float[] mean = new float[both.length];
			for (int[] subset : subsets) {
				SupportSet only = new SupportSet(List.of(support.examples().get(subset[0]), support.examples().get(subset[1])));
				float[] p = s.probabilities(query, only, labels, new UniverSegSegmenter.Options(0, 1, 0, 0.5, 0), meter)[0];
				for (int i = 0; i < p.length; i++) mean[i] += p[i] / 2;
			}
			assertArrayEquals(mean, both, 1e-6f);
		}
	}

	@Test
	void supportsAreCheckedBeforeAnyWork(@TempDir Path dir) {
		assertTrue(assertThrows(LabelFitException.class, () -> support.labels(new int[] { 2, 9 })).getMessage()
			.contains("label 9 appears in none of the " + support.size() + " support masks (labels present: 1, 2, 3, 4)"));
		assertThrows(LabelFitException.class, () -> new SupportSet(List.of()));
		ImageData one = ImageFiles.read(data.resolve("train/images").toFile().listFiles()[0].toPath());
		assertTrue(assertThrows(LabelFitException.class, () -> SupportSet.fromImages(List.of(one), List.of(), 32)).getMessage()
			.contains("1 support images but 0 label images"));
	}
}
