package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import org.labelfit.engine.CpuTest;
import org.labelfit.io.ImageData;
import org.labelfit.model.Tensor;
import org.labelfit.train.CancelledException;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * Training on synthetic 3D blobs (14×15×7 volumes padded to 16×16×8): a bright noisy ellipsoid whose voxels are the
 * label. Small networks (1 encoder block) and few points, so each run takes seconds (the decoder stays 5 × 512 wide).
 */
class OssNetTrainerTest extends CpuTest {

	static final OssNetConfig.Grid GRID = new OssNetConfig.Grid(16, 16, 8);
	static final int NX = 14, NY = 15, NZ = 7;

	/** A blob volume and its label, through the real preprocessing (z-score, centred padding, target). */
	static OssNetTrainer.Case blob(Random rng, OssNetConfig c, String name) {
		double cx = 5 + rng.nextDouble() * (NX - 10), cy = 5 + rng.nextDouble() * (NY - 10), cz = 3 + rng.nextDouble() * (NZ - 6);
		double rx = 2.5 + 2 * rng.nextDouble(), ry = 2.5 + 2 * rng.nextDouble(), rz = 1.5 + rng.nextDouble();
		List<float[]> image = new ArrayList<>(), label = new ArrayList<>();
		for (int z = 0; z < NZ; z++) {
			float[] p = new float[NX * NY], l = new float[NX * NY];
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < NX; x++) {
					double d = Math.pow((x - cx) / rx, 2) + Math.pow((y - cy) / ry, 2) + Math.pow((z - cz) / rz, 2);
					l[y * NX + x] = d <= 1 ? 1 : 0;
					p[y * NX + x] = (float) (l[y * NX + x] + 0.3 * rng.nextGaussian());
				}
			image.add(p);
			label.add(l);
		}
		double[] spacing = { 1, 1, 1 };
		ImageData img = new ImageData(org.labelfit.image.Images.floatImg(image, NX, NY), spacing, null, name);
		ImageData lab = new ImageData(org.labelfit.image.Images.floatImg(label, NX, NY), spacing, null, name + "_label");
		OssNetVolume v = OssNetVolume.of(List.of(img), c, m -> {});
		return OssNetTrainer.Case.of(v, v.target(lab, null));
	}

	static List<OssNetTrainer.Case> blobs(long seed, int n, OssNetConfig c, String prefix) {
		Random rng = new Random(seed);
		List<OssNetTrainer.Case> out = new ArrayList<>();
		for (int i = 0; i < n; i++) out.add(blob(rng, c, prefix + i));
		return out;
	}

	static OssNetTrainer.Settings settings(int epochs, int points, int batch, double lr, int validateEvery, long seed) {
		return new OssNetTrainer.Settings(epochs, points, 0.5, batch, lr, OssNetTrainer.PADE_LEARNING_RATE, new int[0], validateEvery, 1024,
			OssNetTrainer.Selection.DENSE_DICE, Mise.Inference.DENSE, true, seed, "cpu", "test");
	}

	static OssNetModel train(OssNetConfig c, OssNetTrainer.Settings s, List<OssNetTrainer.Case> training, List<OssNetTrainer.Case> validation,
		Progress progress)
	{
		return OssNetTrainer.train(c, "blob", s, training, validation, Map.of("images", "blobs"), Device.cpu(), progress, new LossHistory(), m -> {});
	}

	/**
	 * 60 steps of 2 volumes × 128 points lift the dense Dice of the held-out blobs from an untrained network's (about
	 * 0.15: it marks everything or nothing) to about 0.9. The learning rate is 3e-3, not the official 3e-4: RAdam's
	 * rectification keeps its first hundred steps small, and this run has only 60. About 20 s here.
	 */
	@Test
	void trainingRaisesDenseDiceWellAboveTheUntrainedNetwork() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.A, 1, 1, GRID);
		List<OssNetTrainer.Case> training = blobs(1, 4, c, "train"), validation = blobs(2, 2, c, "val");
		List<OssNetTrainer.Validation> held = validation.stream().map(k -> OssNetTrainer.Validation.of(k, c, 1024, new Random(3))).toList();
		double untrained;
		try (OssNetwork net = new OssNetwork(c, OssNetwork.initialWeights(c, 7), manager)) {
			untrained = OssNetTrainer.validate(net, Device.cpu(), held, Mise.Inference.DENSE, Progress.NONE).denseDice();
		}
		List<Integer> saved = new ArrayList<>();
		OssNetModel model = OssNetTrainer.train(c, "blob", settings(30, 128, 2, 3e-3, 10, 7), training, validation, Map.of(), Device.cpu(),
			Progress.NONE, new LossHistory(), m -> saved.add((Integer) m.provenance().get("best_epoch")));
		double trained = (double) model.provenance().get("best_dense_dice");
		assertTrue(trained > 0.75 && trained > untrained + 0.5, "dense Dice " + untrained + " untrained, " + trained + " trained");
		// the kept model is the last one handed out, at its best epoch
		assertEquals(saved.get(saved.size() - 1), model.provenance().get("best_epoch"));
		assertEquals(3, ((List<?>) model.provenance().get("validations")).size());
	}

	/** Variant C (auxiliary loss) from the same seed: identical, finite weights three times; another seed differs. */
	@Test
	void trainingIsRepeatableAndFinite() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, 1, 1, GRID);
		List<OssNetTrainer.Case> training = blobs(5, 2, c, "train"), validation = blobs(6, 1, c, "val");
		float[] first = null;
		for (int run = 0; run < 3; run++) {
			float[] w = flat(train(c, settings(2, 64, 2, 3e-3, 2, 11), training, validation, Progress.NONE).weights());
			for (float v : w) assertTrue(Float.isFinite(v));
			if (first == null) first = w;
			else assertArrayEquals(first, w, "run " + run);
		}
		float[] other = flat(train(c, settings(2, 64, 2, 3e-3, 2, 12), training, validation, Progress.NONE).weights());
		assertTrue(!java.util.Arrays.equals(first, other), "another seed trains other weights");
	}

	/** A budget that any epoch exceeds (a microsecond) ends training after the first epoch, which is validated and kept. */
	@Test
	void aTimeBudgetEndsTrainingAfterTheEpochThatCrossesIt() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.ONET, 1, 1, GRID);
		List<OssNetTrainer.Case> training = blobs(8, 2, c, "train"), validation = blobs(9, 1, c, "val");
		OssNetTrainer.Settings s = settings(50, 32, 1, 3e-3, 10, 1);
		OssNetTrainer.Settings budget = new OssNetTrainer.Settings(s.epochs(), s.points(), s.borderFraction(), s.batch(), s.learningRate(),
			s.padeLearningRate(), s.milestones(), s.validateEvery(), s.validationPoints(), s.selection(), s.validationInference(), s.augment(),
			s.seed(), s.device(), s.command(), 1e-6);
		Map<String, Object> p = train(c, budget, training, validation, Progress.NONE).provenance();
		assertEquals(1, ((Number) p.get("epochs_run")).intValue());
		assertEquals(1, ((Number) p.get("best_epoch")).intValue());
		assertEquals(1, ((List<?>) p.get("validations")).size());
		assertEquals(1e-6, p.get("max_seconds"));
		assertEquals(50, ((Number) p.get("epochs")).intValue());
		assertThrows(org.labelfit.LabelFitException.class, () -> new OssNetTrainer.Settings(1, 32, 0.5, 1, 3e-3, 1e-2, new int[0], 1, 1, null, null,
			true, 1, "cpu", "t", -1));
	}

	/** Cancelling between steps stops with CancelledException before any model is handed out to be saved. */
	@Test
	void cancelStopsBetweenStepsAndSavesNothing() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.ONET, 1, 1, GRID);
		List<OssNetTrainer.Case> training = blobs(8, 2, c, "train"), validation = blobs(9, 1, c, "val");
		int[] reports = new int[1];
		Progress cancelAfterTwoSteps = new Progress() {
			@Override
			public void report(Status status) {
				reports[0]++;
			}

			@Override
			public boolean isCancelled() {
				return reports[0] > 2;
			}
		};
		List<OssNetModel> saved = new ArrayList<>();
		assertThrows(CancelledException.class, () -> OssNetTrainer.train(c, "blob", settings(5, 32, 1, 3e-3, 5, 1), training, validation, Map.of(),
			Device.cpu(), cancelAfterTwoSteps, new LossHistory(), saved::add));
		assertEquals(List.of(), saved);
		assertEquals(3, reports[0], "the start and two steps were reported");
	}

	static float[] flat(Map<String, Tensor> weights) {
		int n = 0;
		for (Tensor t : weights.values()) n += t.data().length;
		float[] out = new float[n];
		int i = 0;
		for (Tensor t : weights.values()) for (float v : t.data()) out[i++] = v;
		return out;
	}
}
