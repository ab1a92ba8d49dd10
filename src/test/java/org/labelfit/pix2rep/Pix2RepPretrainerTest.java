package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

public class Pix2RepPretrainerTest {

	public static final int SIZE = 32;

	/** Bright discs and squares on a dark gradient: structure that views can agree on. */
	public static List<float[]> syntheticSlices(int n, long seed) {
		Random r = new Random(seed);
		List<float[]> out = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			float[] s = new float[SIZE * SIZE];
			double cx = 8 + 16 * r.nextDouble(), cy = 8 + 16 * r.nextDouble(), radius = 3 + 5 * r.nextDouble();
			int sx = r.nextInt(SIZE - 8), sy = r.nextInt(SIZE - 8);
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++) {
					double v = 0.2 * x / SIZE;
					if (Math.hypot(x - cx, y - cy) < radius) v = 0.9;
					if (x >= sx && x < sx + 6 && y >= sy && y < sy + 6) v = 0.55;
					s[y * SIZE + x] = (float) v;
				}
			out.add(s);
		}
		return out;
	}

	static Pix2RepPretrainer.Request request(Pix2RepPretrainer.Loss loss, int epochs, int pixels, double lr) {
		return new Pix2RepPretrainer.Request(List.of("synthetic"), 4, 16, loss, epochs, 4, pixels, 0.53, lr, Pix2RepPretrainer.BARLOW_LAMBDA,
			SIZE, 5, "cpu", "test");
	}

	@Test
	void aShortInfoNceRunLowersTheLossAndKeepsTheBestValidationCheckpoint() {
		LossHistory history = new LossHistory();
		List<Pix2RepModel> checkpoints = new ArrayList<>();
		Pix2RepModel model = Pix2RepPretrainer.train(request(Pix2RepPretrainer.Loss.INFONCE, 10, 256, 2e-3), syntheticSlices(20, 1), Device.cpu(),
			Progress.NONE, history, checkpoints::add);
		List<double[]> training = history.snapshot().get("training loss");
		double first = training.get(0)[1], last = training.get(training.size() - 1)[1];
		assertTrue(last < first - 0.1, "training loss " + first + " → " + last);
		assertTrue(model.hasProjection());
		assertEquals(checkpoints.get(checkpoints.size() - 1).provenance().get("best_epoch"), model.provenance().get("best_epoch"));
		double best = (double) model.provenance().get("best_validation_loss");
		for (double[] v : history.snapshot().get("validation loss")) assertTrue(best <= v[1]);
		assertEquals(2, history.snapshot().get("validation loss").size()); // epochs 5 and 10
	}

	@Test
	void barlowTwinsTrainsOnTheSamePixelPairs() {
		LossHistory history = new LossHistory();
		Pix2RepPretrainer.train(request(Pix2RepPretrainer.Loss.BARLOW, 6, 1000, 5e-4), syntheticSlices(10, 2), Device.cpu(), Progress.NONE, history,
			m -> {});
		List<double[]> training = history.snapshot().get("training loss");
		assertTrue(training.get(training.size() - 1)[1] < training.get(0)[1],
			() -> "Barlow loss should fall: " + training.stream().map(p -> String.format("%.2f", p[1])).toList());
	}
}
