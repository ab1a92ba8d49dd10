package org.labelfit.universeg.episodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SyntheticTasksTest {

	@Test
	void episodesHaveTheRequestedShapeAndValidContent() {
		Random rng = new Random(1);
		for (int draw = 0; draw < 20; draw++) {
			Episode e = SyntheticTasks.generate(rng, 48, 5);
			assertEquals(48, e.size());
			assertEquals(5, e.supportSize());
			assertEquals(48 * 48, e.query().length);
			double foreground = FieldsTest.mean(e.queryMask());
			assertTrue(foreground > 0 && foreground < 1, "query foreground fraction " + foreground);
			TaskAugmentationTest.assertInRange(e.query());
			TaskAugmentationTest.assertBinary(e.queryMask());
			for (int i = 0; i < 5; i++) {
				TaskAugmentationTest.assertInRange(e.supportImages().get(i));
				TaskAugmentationTest.assertBinary(e.supportMasks().get(i));
			}
		}
	}

	@Test
	void deterministicPerSeedAndDifferentAcrossSeeds() {
		Episode a = SyntheticTasks.generate(new Random(42), 32, 3), b = SyntheticTasks.generate(new Random(42), 32, 3);
		assertArrayEquals(a.query(), b.query());
		assertArrayEquals(a.queryMask(), b.queryMask());
		for (int i = 0; i < 3; i++) {
			assertArrayEquals(a.supportImages().get(i), b.supportImages().get(i));
			assertArrayEquals(a.supportMasks().get(i), b.supportMasks().get(i));
		}
		Episode c = SyntheticTasks.generate(new Random(43), 32, 3);
		assertFalse(Arrays.equals(a.query(), c.query()));
		assertFalse(Arrays.equals(a.queryMask(), c.queryMask()));
	}

	@Test
	void subjectsAreDeformedCopiesNotClones() {
		Random rng = new Random(3);
		for (int draw = 0; draw < 10; draw++) {
			Episode e = SyntheticTasks.generate(rng, 64, 4);
			for (int i = 0; i < 4; i++) {
				assertFalse(Arrays.equals(e.queryMask(), e.supportMasks().get(i)), "episode " + draw + " support " + i);
				assertFalse(Arrays.equals(e.query(), e.supportImages().get(i)));
				// still the same task: the target overlaps substantially (Dice well above chance)
				assertTrue(dice(e.queryMask(), e.supportMasks().get(i)) > 0.3, "episode " + draw + " support " + i);
			}
		}
	}

	@Test
	void rejectsBadArguments() {
		assertThrows(IllegalArgumentException.class, () -> SyntheticTasks.generate(new Random(1), 8, 2));
		assertThrows(IllegalArgumentException.class, () -> SyntheticTasks.generate(new Random(1), 32, 0));
	}

	private static double dice(float[] a, float[] b) {
		double both = 0, sum = 0;
		for (int i = 0; i < a.length; i++) {
			both += a[i] * b[i];
			sum += a[i] + b[i];
		}
		return 2 * both / sum;
	}
}
