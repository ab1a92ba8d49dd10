package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The augmentations' probabilities and ranges (spec §4). */
class AugmentationTest {

	static final int DRAWS = 20000;

	@Test
	void probabilitiesAndRangesOfTheDraws() {
		Random rng = new Random(11);
		int flips = 0, both = 0, only0 = 0, brightness = 0, noise = 0;
		double min = 1, max = -1;
		for (int i = 0; i < DRAWS; i++) {
			Augmentation.Draw d = Augmentation.sample(rng, 4);
			if (d.flipAxis0() || d.flipAxis1()) flips++;
			if (d.flipAxis0() && d.flipAxis1()) both++;
			if (d.flipAxis0() && !d.flipAxis1()) only0++;
			if (d.brightness() != null) {
				brightness++;
				assertEquals(4, d.brightness().length, "one factor per channel");
				for (double u : d.brightness()) {
					assertTrue(u >= -0.15 && u < 0.15, "factor " + u);
					min = Math.min(min, u);
					max = Math.max(max, u);
				}
			}
			if (d.noise()) noise++;
		}
		double sd = Math.sqrt(DRAWS * 0.25);
		assertEquals(DRAWS / 2.0, flips, 4 * sd);
		assertEquals(DRAWS / 2.0, brightness, 4 * sd);
		assertEquals(DRAWS / 2.0, noise, 4 * sd);
		// of the flips, both axes half the time, axis 0 alone a quarter
		assertEquals(flips / 2.0, both, 4 * Math.sqrt(flips * 0.25));
		assertEquals(flips / 4.0, only0, 4 * Math.sqrt(flips * 0.1875));
		assertTrue(min < -0.149 && max > 0.149, min + " … " + max);
	}

	@Test
	void brightnessShiftsEachChannelByItsMaximumTimesItsFactor() {
		int[] dims = { 2, 2, 2 };
		float[][] channels = { { 0, 1, 2, 3, 4, 5, 6, 8 }, { -1, -1, -1, -1, -1, -1, -1, 2 } };
		Augmentation.Draw d = new Augmentation.Draw(false, false, new double[] { 0.1, -0.15 }, false, 0);
		float[][] out = Augmentation.images(d, channels, dims);
		for (int i = 0; i < 8; i++) {
			assertEquals(channels[0][i] + 0.8f, out[0][i], 1e-6);
			assertEquals(channels[1][i] - 0.3f, out[1][i], 1e-6);
		}
	}

	@Test
	void noiseHasSigmaPointOneFive() {
		int[] dims = { 40, 40, 40 };
		float[][] zeros = { new float[40 * 40 * 40] };
		float[] out = Augmentation.images(new Augmentation.Draw(false, false, null, true, 3), zeros, dims)[0];
		double sum = 0, squares = 0;
		for (float v : out) {
			sum += v;
			squares += v * v;
		}
		double mean = sum / out.length, sd = Math.sqrt(squares / out.length - mean * mean);
		assertEquals(0, mean, 4 * 0.15 / Math.sqrt(out.length));
		assertEquals(0.15, sd, 0.003);
	}

	/** Axis 0 maps x to n − 1 − x, axis 1 y to n − 1 − y; images and masks move alike, z stays. */
	@Test
	void flipsMoveImagesAndMasksTogether() {
		int[] dims = { 3, 2, 2 };
		float[][] image = { new float[12] };
		boolean[] mask = new boolean[12];
		int source = (0 * 2 + 1) * 2 + 1; // (0, 1, 1)
		image[0][source] = 7;
		mask[source] = true;
		Augmentation.Draw both = new Augmentation.Draw(true, true, null, false, 0);
		int target = (2 * 2 + 0) * 2 + 1; // (2, 0, 1)
		float[] flipped = Augmentation.images(both, image, dims)[0];
		assertEquals(7, flipped[target]);
		boolean[] expected = new boolean[12];
		expected[target] = true;
		assertArrayEquals(expected, Augmentation.mask(both, mask, dims));
		Augmentation.Draw only1 = new Augmentation.Draw(false, true, new double[] { 0.1 }, true, 5);
		boolean[] flippedY = new boolean[12];
		flippedY[(0 * 2 + 0) * 2 + 1] = true;
		assertArrayEquals(flippedY, Augmentation.mask(only1, mask, dims), "brightness and noise leave masks alone");
	}
}
