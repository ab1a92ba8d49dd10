package org.labelfit.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The few-shot baseline a Fiji user has today (Labkit, Trainable Weka Segmentation): a per-pixel
 * {@link RandomForest} with default settings on {@link PixelFeatures}, trained on pixels of the labelled support
 * images and applied to a query. Where a user scribbles roughly as much foreground as background, this draws up
 * to half of {@code maxSamples} pixels from each class, uniformly over all support images without replacement;
 * a class with fewer pixels contributes all of them and its unused share is not handed to the other class,
 * which keeps the classes as balanced as the support allows. A mask pixel is foreground at 0.5 or above.
 * Supports of a single class (all background or all foreground) give a forest that predicts that class
 * everywhere.
 */
public final class ForestSegmenter {

	public static final int DEFAULT_MAX_SAMPLES = 20_000;

	private final RandomForest forest;
	private final int width;
	private final int height;

	private ForestSegmenter(RandomForest forest, int width, int height) {
		this.forest = forest;
		this.width = width;
		this.height = height;
	}

	/**
	 * Trains on support images and their masks (values 0..1), all {@code width × height} row-major.
	 *
	 * @param maxSamples how many pixels to train on at most, at least 2
	 */
	public static ForestSegmenter train(List<float[]> images, List<float[]> masks, int width, int height,
		int maxSamples, long seed) {
		if (images.isEmpty() || images.size() != masks.size())
			throw new IllegalArgumentException("need a mask for each of at least one image: " + images.size()
				+ " images, " + masks.size() + " masks");
		if (maxSamples < 2)
			throw new IllegalArgumentException("need at least 2 samples, one per class, not " + maxSamples);
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("image size must be positive, not " + width + "×" + height);
		int pixels = Math.multiplyExact(width, height);
		for (int i = 0; i < images.size(); i++)
			if (images.get(i).length != pixels || masks.get(i).length != pixels)
				throw new IllegalArgumentException("image " + i + " or its mask is not " + width + "×" + height);
		SplittableRandom random = new SplittableRandom(seed);
		int total = Math.multiplyExact(images.size(), pixels);
		int[] foreground = IntStream.range(0, total).filter(k -> isForeground(masks, pixels, k)).toArray();
		int[] background = IntStream.range(0, total).filter(k -> !isForeground(masks, pixels, k)).toArray();
		int[] picked = IntStream.concat(
			Arrays.stream(draw(foreground, maxSamples - maxSamples / 2, random)),
			Arrays.stream(draw(background, maxSamples / 2, random))).sorted().toArray();
		float[][] x = new float[picked.length][];
		boolean[] y = new boolean[picked.length];
		float[][] stack = null;
		for (int i = 0; i < picked.length; i++) {
			int image = picked[i] / pixels, pixel = picked[i] % pixels;
			if (i == 0 || image != picked[i - 1] / pixels)
				stack = PixelFeatures.compute(images.get(image), width, height);
			x[i] = pixelFeatures(stack, pixel, new float[stack.length]);
			y[i] = isForeground(masks, pixels, picked[i]);
		}
		RandomForest forest = new RandomForest(random.nextLong());
		forest.train(x, y);
		return new ForestSegmenter(forest, width, height);
	}

	/** Per-pixel foreground probability of a row-major query of the support images' size. */
	public float[] probability(float[] image) {
		float[][] stack = PixelFeatures.compute(image, width, height);
		float[] out = new float[image.length];
		IntStream.range(0, height).parallel().forEach(y -> {
			float[] x = new float[stack.length];
			for (int p = y * width; p < (y + 1) * width; p++)
				out[p] = (float) forest.probability(pixelFeatures(stack, p, x));
		});
		return out;
	}

	private static boolean isForeground(List<float[]> masks, int pixels, int k) {
		return masks.get(k / pixels)[k % pixels] >= 0.5f;
	}

	/** Up to {@code count} of {@code pool}, uniformly without replacement (a partial Fisher–Yates shuffle). */
	private static int[] draw(int[] pool, int count, SplittableRandom random) {
		int n = Math.min(count, pool.length);
		for (int i = 0; i < n; i++) {
			int j = i + random.nextInt(pool.length - i);
			int swap = pool[i];
			pool[i] = pool[j];
			pool[j] = swap;
		}
		return Arrays.copyOf(pool, n);
	}

	private static float[] pixelFeatures(float[][] stack, int pixel, float[] into) {
		for (int f = 0; f < stack.length; f++)
			into[f] = stack[f][pixel];
		return into;
	}
}
