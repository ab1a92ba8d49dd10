package org.labelfit.baseline;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * One CART tree of a {@link RandomForest}: Gini splits at the best threshold of a few random features, grown
 * from a bootstrap sample given as per-sample weights (how often each sample was drawn). Nodes live in parallel
 * arrays; a leaf has feature −1, an inner node's children are {@code child} and {@code child + 1}.
 */
final class DecisionTree {

	private final int[] feature;
	private final float[] threshold;
	private final int[] child;
	private final float[] leafProbability;

	private DecisionTree(int[] feature, float[] threshold, int[] child, float[] leafProbability) {
		this.feature = feature;
		this.threshold = threshold;
		this.child = child;
		this.leafProbability = leafProbability;
	}

	/** The foreground fraction of the training samples in the leaf {@code x} falls into. */
	float probability(float[] x) {
		int node = 0;
		while (feature[node] >= 0)
			node = x[feature[node]] <= threshold[node] ? child[node] : child[node] + 1;
		return leafProbability[node];
	}

	/**
	 * Grows a tree.
	 *
	 * @param columns feature-major training data, {@code [feature][sample]}
	 * @param sorted every feature's sample indices sorted by value
	 * @param weight how often each sample was drawn into this tree's bootstrap sample
	 */
	static DecisionTree grow(float[][] columns, boolean[] y, int[][] sorted, int[] weight, int featuresPerSplit,
		int maxDepth, SplittableRandom random) {
		return new Grower(columns, y, sorted, weight, featuresPerSplit, maxDepth, random).grow();
	}

	/**
	 * Splits a node's samples, kept as the same range of every feature's sorted order, by stable partitioning
	 * each order: no sorting after the forest's one presort.
	 */
	private static final class Grower {

		private final float[][] columns;
		private final boolean[] y;
		private final int[] weight;
		private final int featuresPerSplit;
		private final int maxDepth;
		private final SplittableRandom random;
		/** [feature][position]: the drawn samples in value order, each node a contiguous range. */
		private final int[][] order;
		private final int[] featurePermutation;
		private final boolean[] goesLeft;
		private final int[] buffer;

		private final int[] feature;
		private final float[] threshold;
		private final int[] child;
		private final float[] leafProbability;
		private int nodes = 1;

		private int splitFeature;
		private float splitThreshold;

		Grower(float[][] columns, boolean[] y, int[][] sorted, int[] weight, int featuresPerSplit, int maxDepth,
			SplittableRandom random) {
			this.columns = columns;
			this.y = y;
			this.weight = weight;
			this.featuresPerSplit = featuresPerSplit;
			this.maxDepth = maxDepth;
			this.random = random;
			order = new int[columns.length][];
			for (int f = 0; f < columns.length; f++)
				order[f] = Arrays.stream(sorted[f]).filter(s -> weight[s] > 0).toArray();
			int drawn = order[0].length;
			featurePermutation = new int[columns.length];
			Arrays.setAll(featurePermutation, f -> f);
			goesLeft = new boolean[y.length];
			buffer = new int[drawn];
			int maxNodes = 2 * drawn - 1;
			feature = new int[maxNodes];
			threshold = new float[maxNodes];
			child = new int[maxNodes];
			leafProbability = new float[maxNodes];
		}

		DecisionTree grow() {
			Deque<int[]> pending = new ArrayDeque<>();
			pending.push(new int[] { 0, 0, order[0].length, 0 });
			while (!pending.isEmpty()) {
				int[] task = pending.pop();
				int node = task[0], start = task[1], end = task[2], depth = task[3];
				double positive = 0, total = 0;
				for (int i = start; i < end; i++) {
					int s = order[0][i];
					total += weight[s];
					if (y[s])
						positive += weight[s];
				}
				boolean pure = positive == 0 || positive == total;
				if (pure || depth >= maxDepth || !findSplit(start, end, positive, total)) {
					feature[node] = -1;
					leafProbability[node] = (float) (positive / total);
					continue;
				}
				int mid = partition(start, end);
				feature[node] = splitFeature;
				threshold[node] = splitThreshold;
				child[node] = nodes;
				pending.push(new int[] { nodes, start, mid, depth + 1 });
				pending.push(new int[] { nodes + 1, mid, end, depth + 1 });
				nodes += 2;
			}
			return new DecisionTree(Arrays.copyOf(feature, nodes), Arrays.copyOf(threshold, nodes),
				Arrays.copyOf(child, nodes), Arrays.copyOf(leafProbability, nodes));
		}

		/**
		 * Tries features in random order, at least {@code featuresPerSplit} of them and more only until one can
		 * split the node at all (as scikit-learn does), keeping the lowest weighted Gini impurity.
		 *
		 * @return whether any tried feature takes more than one value in the node
		 */
		private boolean findSplit(int start, int end, double positive, double total) {
			double best = Double.POSITIVE_INFINITY;
			for (int tried = 0; tried < featurePermutation.length; tried++) {
				if (tried >= featuresPerSplit && best < Double.POSITIVE_INFINITY)
					break;
				int pick = tried + random.nextInt(featurePermutation.length - tried);
				int f = featurePermutation[pick];
				featurePermutation[pick] = featurePermutation[tried];
				featurePermutation[tried] = f;
				int[] o = order[f];
				float[] v = columns[f];
				double leftPositive = 0, leftTotal = 0;
				for (int i = start; i < end - 1; i++) {
					int s = o[i];
					leftTotal += weight[s];
					if (y[s])
						leftPositive += weight[s];
					float a = v[s], b = v[o[i + 1]];
					if (a == b)
						continue;
					double rightPositive = positive - leftPositive, rightTotal = total - leftTotal;
					// Gini impurity times node weight, halved: p(1 - p)·n = positive·negative / n per child.
					double impurity = leftPositive * (leftTotal - leftPositive) / leftTotal
						+ rightPositive * (rightTotal - rightPositive) / rightTotal;
					if (impurity < best) {
						best = impurity;
						splitFeature = f;
						float middle = (float) ((a + (double) b) / 2);
						splitThreshold = middle < b ? middle : a;
					}
				}
			}
			return best < Double.POSITIVE_INFINITY;
		}

		/** Stably moves the samples at or below the split threshold to the front of the range in every order. */
		private int partition(int start, int end) {
			float[] v = columns[splitFeature];
			for (int i = start; i < end; i++) {
				int s = order[0][i];
				goesLeft[s] = v[s] <= splitThreshold;
			}
			int mid = start;
			for (int[] o : order) {
				int left = start, right = 0;
				for (int i = start; i < end; i++) {
					int s = o[i];
					if (goesLeft[s])
						o[left++] = s;
					else
						buffer[right++] = s;
				}
				System.arraycopy(buffer, 0, o, left, right);
				mid = left;
			}
			return mid;
		}
	}
}
