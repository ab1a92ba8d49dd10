package org.labelfit.baseline;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Binary random forest (Breiman): each tree is a CART tree with Gini splits, grown on a bootstrap sample, trying
 * ⌊√features⌋ random features per node, each at its best threshold (midpoints between sorted distinct values,
 * as Weka's FastRandomForest that Labkit and Trainable Weka Segmentation use). Trees default to 100 as in
 * Labkit (Trainable Weka Segmentation uses 200) and to unlimited depth with leaves of one distinct sample, as
 * both do. Trees grow in parallel, each from its own seed drawn from the master seed in tree order, so the
 * forest is the same whatever the number of threads.
 */
public final class RandomForest {

	public static final int DEFAULT_TREES = 100;
	/** A max depth that never stops growth: trees split until their leaves are pure or cannot be split. */
	public static final int UNLIMITED_DEPTH = Integer.MAX_VALUE;

	private final int numTrees;
	private final int maxDepth;
	private final long seed;
	private DecisionTree[] trees;
	private int numFeatures;

	/** A forest of {@link #DEFAULT_TREES} trees of {@link #UNLIMITED_DEPTH}. */
	public RandomForest(long seed) {
		this(DEFAULT_TREES, UNLIMITED_DEPTH, seed);
	}

	public RandomForest(int numTrees, int maxDepth, long seed) {
		if (numTrees < 1 || maxDepth < 1)
			throw new IllegalArgumentException("need at least one tree and depth 1, not " + numTrees + " trees of depth "
				+ maxDepth);
		this.numTrees = numTrees;
		this.maxDepth = maxDepth;
		this.seed = seed;
	}

	/**
	 * Trains on {@code x[sample][feature]} with labels {@code y} (true: foreground), replacing any earlier
	 * training. Single-class labels give a forest of single leaves that predicts that class.
	 */
	public void train(float[][] x, boolean[] y) {
		float[][] columns = columns(x, y);
		int[][] sorted = Arrays.stream(columns).map(RandomForest::sortedIndices).toArray(int[][]::new);
		int featuresPerSplit = Math.max(1, (int) Math.sqrt(columns.length));
		SplittableRandom master = new SplittableRandom(seed);
		long[] treeSeeds = master.longs(numTrees).toArray();
		trees = IntStream.range(0, numTrees).parallel().mapToObj(t -> {
			SplittableRandom random = new SplittableRandom(treeSeeds[t]);
			int[] weight = new int[y.length];
			for (int i = 0; i < y.length; i++)
				weight[random.nextInt(y.length)]++;
			return DecisionTree.grow(columns, y, sorted, weight, featuresPerSplit, maxDepth, random);
		}).toArray(DecisionTree[]::new);
		numFeatures = columns.length;
	}

	/** The mean over trees of the foreground fraction in the leaf that {@code x} reaches. */
	public double probability(float[] x) {
		if (trees == null)
			throw new IllegalStateException("the forest is not trained");
		if (x.length != numFeatures)
			throw new IllegalArgumentException("expected " + numFeatures + " features, not " + x.length);
		double sum = 0;
		for (DecisionTree tree : trees)
			sum += tree.probability(x);
		return sum / trees.length;
	}

	/** Checks the training data and transposes it to {@code [feature][sample]} for cache-friendly scans. */
	private static float[][] columns(float[][] x, boolean[] y) {
		if (x.length == 0 || x.length != y.length)
			throw new IllegalArgumentException("need as many labels as samples, at least one: " + x.length
				+ " samples, " + y.length + " labels");
		int features = x[0].length;
		if (features == 0)
			throw new IllegalArgumentException("samples have no features");
		float[][] columns = new float[features][x.length];
		for (int s = 0; s < x.length; s++) {
			if (x[s].length != features)
				throw new IllegalArgumentException("sample " + s + " has " + x[s].length + " features, not " + features);
			for (int f = 0; f < features; f++) {
				if (!Float.isFinite(x[s][f]))
					throw new IllegalArgumentException("feature " + f + " of sample " + s + " is " + x[s][f]);
				columns[f][s] = x[s][f];
			}
		}
		return columns;
	}

	/** Sample indices in ascending value order: sorts value bits and index packed into one long. */
	private static int[] sortedIndices(float[] values) {
		long[] keys = new long[values.length];
		for (int i = 0; i < values.length; i++) {
			int bits = Float.floatToIntBits(values[i]);
			// Flip the magnitude bits of negatives so signed int order is float order.
			bits ^= (bits >> 31) & 0x7fffffff;
			keys[i] = (long) bits << 32 | i;
		}
		Arrays.sort(keys);
		int[] indices = new int[values.length];
		for (int i = 0; i < keys.length; i++)
			indices[i] = (int) keys[i];
		return indices;
	}
}
