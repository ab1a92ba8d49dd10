package org.labelfit.metaseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.engine.Engines;
import org.labelfit.eval.MetricsAccumulator;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.sample.Phantoms;
import org.labelfit.sample.SampleData;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * A short meta-training on phantoms, then fit-and-label of held-out phantoms: the trained model
 * must clearly beat the same network left untrained (random θ and head), scored the same way.
 */
class MetaSegEndToEndTest {

	static final int SIZE = 48;
	/** Mean foreground Dice that a random network does not reach and a trained one must. */
	static final double BOUND = 0.45;

	@TempDir
	static Path dir;
	static Path model;

	@BeforeAll
	static void train() {
		SampleData.write(dir.resolve("data"), 7, 10, 3, SIZE);
		model = dir.resolve("phantom.labelfit");
		MetaSeg.TrainRequest r = new MetaSeg.TrainRequest(dir.resolve("data/train/images").toString(),
			dir.resolve("data/train/labels").toString(), null, null, "2d", 0, Phantoms.CLASS_NAMES, SIZE, 60, 40, false, 422, 60, 0,
			"cpu", "MetaSegEndToEndTest");
		MetaSeg.train(r, model, false, Progress.NONE, new LossHistory());
	}

	private static double meanForegroundDice(MetaSegModel m) {
		List<ImagePairs.Pair> pairs = ImagePairs.pair(dir.resolve("data/test/images").toString(), dir.resolve("data/test/labels").toString(),
			null, null);
		MetricsAccumulator acc = new MetricsAccumulator(5);
		for (ImagePairs.Pair p : pairs) {
			ImageData image = ImageFiles.read(p.image());
			Img<UnsignedShortType> labels = MetaSeg.label(m, image, 0, 1, "cpu", Progress.NONE);
			acc.add(Images.shortPlanes(labels)[0], ImageFiles.read(p.label()).labelPlanes()[0]);
		}
		return acc.perImageMean().meanForegroundDice();
	}

	@Test
	void trainedModelBeatsTheUntrainedNetwork() {
		MetaSegModel trained = MetaSegModelFile.load(model);
		MetaSegModel untrained;
		try (NDManager m = Engines.newManager(Device.cpu())) {
			untrained = new MetaSegModel(trained.config(), SIZE, trained.fitSteps(), trained.fitLr(), trained.stride(), trained.gamma(),
				trained.classNames(), MetaSegModel.toArrays(new Siren(trained.config()).initialize(m, 422)), Map.of());
		}
		double trainedDice = meanForegroundDice(trained), untrainedDice = meanForegroundDice(untrained);
		System.out.printf("MetaSeg end to end: mean foreground Dice %.3f trained, %.3f untrained%n", trainedDice, untrainedDice);
		assertTrue(untrainedDice < BOUND, "untrained network reaches " + untrainedDice);
		assertTrue(trainedDice > BOUND, "trained model only reaches " + trainedDice + " (untrained " + untrainedDice + ")");
	}

	/** Issue 7: fitting and labelling the same image 5 times gives the same labels (the fit runs single-threaded here). */
	@Test
	void repeatedFitsGiveIdenticalLabels() throws Exception {
		MetaSegModel m = MetaSegModelFile.load(model);
		ImageData image = ImageFiles.read(Files.list(dir.resolve("data/test/images")).sorted().findFirst().orElseThrow());
		short[] first = Images.shortPlanes(MetaSeg.label(m, image, 0, 1, "cpu", Progress.NONE))[0];
		for (int run = 2; run <= 5; run++)
			assertArrayEquals(first, Images.shortPlanes(MetaSeg.label(m, image, 0, 1, "cpu", Progress.NONE))[0], "run " + run);
	}

	@Test
	void modelRecordsWhatInferenceMustRepeat() {
		MetaSegModel m = MetaSegModelFile.load(model);
		assertEquals(40, m.fitSteps());
		assertEquals(SIZE, m.size());
		assertEquals(Phantoms.CLASS_NAMES, m.classNames());
		assertEquals(83_718, m.config().parameterCount());
		assertEquals("MetaSegEndToEndTest", m.provenance().get("command"));
		assertEquals(true, m.provenance().get("second_order"));
		assertTrue(((List<?>) m.provenance().get("validation_images")).size() == 1);
	}

	@Test
	void saveAndLoadAreBitExact() {
		MetaSegModel m = MetaSegModelFile.load(model);
		Path copy = dir.resolve("copy.labelfit");
		assertTrue(MetaSegModelFile.save(copy, m, () -> false));
		MetaSegModel again = MetaSegModelFile.load(copy);
		for (int i = 0; i < m.weights().size(); i++) assertArrayEquals(m.weights().get(i), again.weights().get(i));
		assertEquals(m.fitSteps(), again.fitSteps());
		assertEquals(m.fitLr(), again.fitLr());
	}

	@Test
	void scaleRendersAFinerGridThatAgreesWithTheNativeOne() throws Exception {
		MetaSegModel m = MetaSegModelFile.load(model);
		ImageData image = ImageFiles.read(Files.list(dir.resolve("data/test/images")).sorted().findFirst().orElseThrow());
		short[] native1 = Images.shortPlanes(MetaSeg.label(m, image, 0, 1, "cpu", Progress.NONE))[0];
		Img<UnsignedShortType> fine = MetaSeg.label(m, image, 0, 2, "cpu", Progress.NONE);
		assertEquals(2 * SIZE, fine.dimension(0));
		assertEquals(2 * SIZE, fine.dimension(1));
		short[] twice = Images.shortPlanes(fine)[0];
		// most 2×2 blocks of the fine map carry the native label (fitting is deterministic up to float noise)
		int agree = 0;
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++)
				if (twice[(2 * y) * 2 * SIZE + 2 * x] == native1[y * SIZE + x]) agree++;
		assertTrue(agree > 0.85 * SIZE * SIZE, "only " + agree + " of " + SIZE * SIZE + " pixels agree");
	}
}
