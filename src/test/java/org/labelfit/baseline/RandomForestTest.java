package org.labelfit.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

class RandomForestTest {

	private static final float[][] TRAIN = points(2000, 1);
	private static final float[][] HELD_OUT = points(1000, 2);

	@Test
	void solvesXorWhileStumpsCannot() {
		RandomForest forest = new RandomForest(7);
		forest.train(TRAIN, xor(TRAIN));
		assertTrue(accuracy(forest, HELD_OUT) > 0.95, "accuracy " + accuracy(forest, HELD_OUT));
		RandomForest stumps = new RandomForest(RandomForest.DEFAULT_TREES, 1, 7);
		stumps.train(TRAIN, xor(TRAIN));
		assertTrue(accuracy(stumps, HELD_OUT) < 0.7, "stump accuracy " + accuracy(stumps, HELD_OUT));
	}

	@Test
	void sameSeedGivesSameForestWhateverTheThreads() throws Exception {
		boolean[] y = xor(TRAIN);
		RandomForest parallel = new RandomForest(30, RandomForest.UNLIMITED_DEPTH, 11);
		parallel.train(TRAIN, y);
		RandomForest single = new RandomForest(30, RandomForest.UNLIMITED_DEPTH, 11);
		ForkJoinPool pool = new ForkJoinPool(1);
		try {
			pool.submit(() -> single.train(TRAIN, y)).get();
		} finally {
			pool.shutdown();
		}
		RandomForest otherSeed = new RandomForest(30, RandomForest.UNLIMITED_DEPTH, 12);
		otherSeed.train(TRAIN, y);
		double[] expected = probabilities(parallel);
		assertArrayEquals(expected, probabilities(single));
		assertFalse(Arrays.equals(expected, probabilities(otherSeed)));
	}

	@Test
	void singleClassPredictsThatClass() {
		RandomForest forest = new RandomForest(3);
		forest.train(TRAIN, new boolean[TRAIN.length]);
		for (float[] x : HELD_OUT)
			assertEquals(0, forest.probability(x));
	}

	@Test
	void refusesBadInput() {
		RandomForest forest = new RandomForest(3);
		assertThrows(IllegalStateException.class, () -> forest.probability(new float[2]));
		assertThrows(IllegalArgumentException.class, () -> forest.train(new float[][] { { 0, 1 } }, new boolean[2]));
		assertThrows(IllegalArgumentException.class,
			() -> forest.train(new float[][] { { 0, Float.NaN } }, new boolean[1]));
		forest.train(TRAIN, xor(TRAIN));
		assertThrows(IllegalArgumentException.class, () -> forest.probability(new float[3]));
	}

	/** Uniform points in the unit square. */
	private static float[][] points(int n, long seed) {
		Random random = new Random(seed);
		float[][] points = new float[n][2];
		for (float[] p : points) {
			p[0] = random.nextFloat();
			p[1] = random.nextFloat();
		}
		return points;
	}

	private static boolean[] xor(float[][] points) {
		boolean[] y = new boolean[points.length];
		for (int i = 0; i < points.length; i++)
			y[i] = points[i][0] > 0.5 ^ points[i][1] > 0.5;
		return y;
	}

	private static double accuracy(RandomForest forest, float[][] points) {
		boolean[] y = xor(points);
		int correct = 0;
		for (int i = 0; i < points.length; i++)
			if (forest.probability(points[i]) > 0.5 == y[i])
				correct++;
		return (double) correct / points.length;
	}

	private static double[] probabilities(RandomForest forest) {
		return Arrays.stream(HELD_OUT).mapToDouble(forest::probability).toArray();
	}
}
