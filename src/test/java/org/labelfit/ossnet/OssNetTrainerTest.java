package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

	static OssNetTrainer.Settings settings(int epochs, int points, int batch, double lr, int[] milestones, int validateEvery, long seed) {
		return new OssNetTrainer.Settings(epochs, points, 0.5, batch, lr, OssNetTrainer.PADE_LEARNING_RATE, milestones, validateEvery, 1024,
			OssNetTrainer.Selection.DENSE_DICE, true, seed, "cpu", "test");
	}

	static OssNetModel train(OssNetConfig c, OssNetTrainer.Settings s, List<OssNetTrainer.Case> training, List<OssNetTrainer.Case> validation,
		Progress progress)
	{
		return OssNetTrainer.train(c, "blob", s, training, validation, Map.of("images", "blobs"), Device.cpu(), progress, new LossHistory(), m -> {});
	}

	@Test
	void trainingRaisesDenseDiceWellAboveTheUntrainedNetwork() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.A, 1, 1, GRID);
		List<OssNetTrainer.Case> training = blobs(1, 4, c, "train"), validation = blobs(2, 2, c, "val");
		List<OssNetTrainer.Validation> held = validation.stream().map(k -> OssNetTrainer.Validation.of(k, c, 1024, new Random(3))).toList();
		OssNetTrainer.Scores untrained;
		try (OssNetwork net = new OssNetwork(c, OssNetwork.initialWeights(c, 7), manager)) {
			untrained = OssNetTrainer.validate(net, manager, held, Progress.NONE);
		}
		long t0 = System.nanoTime();
		List<String> log = new ArrayList<>();
		Progress progress = new Progress() {
			@Override
			public void report(Status status) {}

			@Override
			public void log(String message) {
				log.add(message);
				System.out.println(message);
			}
		};
		OssNetModel model = train(c, settings(Integer.getInteger("ossnet.epochs", 30), 128, 2, Double.parseDouble(System.getProperty("ossnet.lr", "3e-4")),
			new int[0], 10, 7), training, validation, progress);
		System.out.println("untrained " + untrained + " seconds " + (System.nanoTime() - t0) / 1e9 + " best " + model.provenance().get("best_dense_dice"));
	}
}
