package org.labelfit.universeg.episodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.labelfit.universeg.episodes.AugmentationSettings.Stage;

class InTaskAugmentationTest {

	private static final AugmentationSettings ALL_ON = new AugmentationSettings(Stage.none(),
			Settings.allOn(Stage.inTaskDefaults(), false));

	@Test
	void drawsAfreshForEveryPair() {
		Random rng = new Random(2);
		float[] image = TaskAugmentationTest.random(rng, 32 * 32), mask = TaskAugmentationTest.square(32);
		Pair a = InTaskAugmentation.apply(rng, ALL_ON, image, mask);
		Pair b = InTaskAugmentation.apply(rng, ALL_ON, image, mask);
		assertFalse(Arrays.equals(a.image(), b.image()));
		assertFalse(Arrays.equals(a.mask(), b.mask()));
		TaskAugmentationTest.assertBinary(a.mask());
		TaskAugmentationTest.assertInRange(b.image());
	}

	@Test
	void sameSeedSameResult() {
		float[] image = TaskAugmentationTest.random(new Random(3), 32 * 32), mask = TaskAugmentationTest.square(32);
		Pair a = InTaskAugmentation.apply(new Random(11), ALL_ON, image, mask);
		Pair b = InTaskAugmentation.apply(new Random(11), ALL_ON, image, mask);
		assertArrayEquals(a.image(), b.image());
		assertArrayEquals(a.mask(), b.mask());
	}

	@Test
	void softMasksStaySoft() {
		// a Sobel label arriving from the task stage is resampled without re-binarising
		float[] edges = Transform.sobelEdges(TaskAugmentationTest.square(32), 32);
		Random rng = new Random(4);
		boolean soft = false;
		for (int draw = 0; draw < 20; draw++) {
			float[] m = InTaskAugmentation.apply(rng, ALL_ON, new float[32 * 32], edges).mask();
			TaskAugmentationTest.assertInRange(m);
			for (float v : m)
				soft |= v > 0 && v < 1;
		}
		assertTrue(soft, "some mask values strictly between 0 and 1");
	}

	@Test
	void rejectsNonSquareImages() {
		assertThrows(IllegalArgumentException.class,
				() -> InTaskAugmentation.apply(new Random(1), ALL_ON, new float[12], new float[12]));
	}
}
