package org.labelfit.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.labelfit.eval.ConfusionMatrix;
import org.labelfit.eval.SegmentationMetrics;

class ForestSegmenterTest {

	private static final int SIZE = 96;
	private static final int SAMPLES = 4000;

	/** Draws an image given a random disc's mask. */
	private interface Painter {
		float[] paint(float[] mask, Random random);
	}

	@Test
	void segmentsBrightDiscOnNoisyDarkBackground() {
		assertSegments((mask, random) -> {
			float[] image = new float[mask.length];
			for (int p = 0; p < image.length; p++)
				image[p] = (float) (0.2 + 0.5 * mask[p] + 0.25 * random.nextGaussian());
			return image;
		});
	}

	@Test
	void segmentsTexturedDiscOnSmoothBackgroundOfSameMean() {
		assertSegments((mask, random) -> {
			float[] image = new float[mask.length];
			for (int p = 0; p < image.length; p++)
				image[p] = (float) (0.5 + (mask[p] > 0 ? 0.25 : 0.02) * random.nextGaussian());
			return image;
		});
	}

	@Test
	void singleClassSupportsPredictThatClass() {
		Random random = new Random(3);
		List<float[]> images = List.of(noise(random), noise(random));
		float[] query = noise(random);
		ForestSegmenter background = ForestSegmenter.train(images, List.of(filled(0), filled(0)), SIZE, SIZE, SAMPLES, 1);
		ForestSegmenter foreground = ForestSegmenter.train(images, List.of(filled(1), filled(1)), SIZE, SIZE, SAMPLES, 1);
		for (float p : background.probability(query))
			assertEquals(0, p);
		for (float p : foreground.probability(query))
			assertEquals(1, p);
	}

	@Test
	void refusesMismatchedInput() {
		List<float[]> images = List.of(filled(0));
		assertThrows(IllegalArgumentException.class, () -> ForestSegmenter.train(images, List.of(), SIZE, SIZE, 10, 1));
		assertThrows(IllegalArgumentException.class,
			() -> ForestSegmenter.train(images, List.of(new float[3]), SIZE, SIZE, 10, 1));
		ForestSegmenter segmenter = ForestSegmenter.train(images, List.of(filled(1)), SIZE, SIZE, 10, 1);
		assertThrows(IllegalArgumentException.class, () -> segmenter.probability(new float[SIZE]));
	}

	/** Trains on three random discs and checks the Dice score on a fourth. */
	private static void assertSegments(Painter painter) {
		Random random = new Random(42);
		List<float[]> images = new ArrayList<>(), masks = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			float[] mask = disc(random);
			masks.add(mask);
			images.add(painter.paint(mask, random));
		}
		ForestSegmenter segmenter = ForestSegmenter.train(images.subList(0, 3), masks.subList(0, 3), SIZE, SIZE,
			SAMPLES, 5);
		float[] probability = segmenter.probability(images.get(3));
		int[] prediction = new int[probability.length], truth = new int[probability.length];
		for (int p = 0; p < probability.length; p++) {
			prediction[p] = probability[p] >= 0.5 ? 1 : 0;
			truth[p] = (int) masks.get(3)[p];
		}
		double dice = SegmentationMetrics.dice(ConfusionMatrix.of(prediction, truth, 2), 1);
		assertTrue(dice > 0.9, "Dice " + dice);
	}

	private static float[] disc(Random random) {
		double cx = 30 + 36 * random.nextDouble(), cy = 30 + 36 * random.nextDouble(), r = 15 + 10 * random.nextDouble();
		float[] mask = new float[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++)
				mask[y * SIZE + x] = Math.hypot(x - cx, y - cy) <= r ? 1 : 0;
		return mask;
	}

	private static float[] noise(Random random) {
		float[] image = new float[SIZE * SIZE];
		for (int p = 0; p < image.length; p++)
			image[p] = random.nextFloat();
		return image;
	}

	private static float[] filled(float value) {
		float[] image = new float[SIZE * SIZE];
		Arrays.fill(image, value);
		return image;
	}
}
