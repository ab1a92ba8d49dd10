package org.labelfit.universeg.episodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic segmentation tasks in the spirit of UniverSeg's (whose generator was not released; every parameter
 * below is our choice). A task is a base label map of K smooth random regions (argmax over K smooth noise
 * fields) with a fixed mean intensity and texture (smooth noise) per region. Every subject (query and supports)
 * is the base map and its textures under its own smooth random deformation, rendered with re-jittered region
 * intensities, blur and noise. One region, drawn once per episode, is the target: mask = (label == target).
 * <p>
 * Sizes are fractions of the image side s; "U[a, b]" is uniform:
 * <ul>
 * <li>regions K ∈ {4..8}; field smoothness sigma U[0.03, 0.10]·s per task</li>
 * <li>region mean intensity U[0, 1]; texture amplitude U[0, 0.15], texture sigma U[0.5, 2.5] px per region</li>
 * <li>per subject: deformation with largest displacement U[0.02, 0.06]·s and smoothness 0.08·s; region
 * intensity jitter N(0, 0.03); blur sigma U[0.1, 1.0] px; noise std U[0, 0.03]; clipped to [0, 1]</li>
 * </ul>
 * The target is drawn among the regions present in the base map, and the whole task is redrawn if the target
 * vanishes from the query after deformation.
 */
public final class SyntheticTasks {

	private static final int MIN_REGIONS = 4, MAX_REGIONS = 8;
	private static final double MIN_REGION_SIGMA = 0.03, MAX_REGION_SIGMA = 0.10;
	private static final double MAX_TEXTURE_AMPLITUDE = 0.15, MIN_TEXTURE_SIGMA = 0.5, MAX_TEXTURE_SIGMA = 2.5;
	private static final double MIN_DEFORMATION = 0.02, MAX_DEFORMATION = 0.06, DEFORMATION_SIGMA = 0.08;
	private static final double INTENSITY_JITTER = 0.03, MIN_BLUR = 0.1, MAX_BLUR = 1.0, MAX_NOISE = 0.03;

	/** Smallest supported side: smaller images cannot hold several smooth regions. */
	public static final int MIN_SIZE = 16;

	private SyntheticTasks() {
	}

	/** A random episode of size×size images with {@code supportSize} support pairs. */
	public static Episode generate(Random rng, int size, int supportSize) {
		if (size < MIN_SIZE)
			throw new IllegalArgumentException("synthetic tasks need size >= " + MIN_SIZE + ", got " + size);
		if (supportSize < 1)
			throw new IllegalArgumentException("supportSize must be at least 1, got " + supportSize);
		for (;;) {
			Task task = Task.draw(rng, size);
			Pair query = task.subject(rng);
			if (isEmpty(query.mask()))
				continue;
			List<float[]> images = new ArrayList<>(supportSize), masks = new ArrayList<>(supportSize);
			for (int i = 0; i < supportSize; i++) {
				Pair p = task.subject(rng);
				images.add(p.image());
				masks.add(p.mask());
			}
			return new Episode(size, query.image(), query.mask(), images, masks);
		}
	}

	private static boolean isEmpty(float[] mask) {
		for (float v : mask)
			if (v != 0)
				return false;
		return true;
	}

	/** The per-task draws: region fields, region appearance and the target region. */
	private record Task(int size, float[][] fields, double[] means, float[][] textures, int target) {

		static Task draw(Random rng, int size) {
			int k = MIN_REGIONS + rng.nextInt(MAX_REGIONS - MIN_REGIONS + 1);
			double sigma = Fields.uniform(rng, MIN_REGION_SIGMA, MAX_REGION_SIGMA) * size;
			float[][] fields = new float[k][], textures = new float[k][];
			double[] means = new double[k];
			for (int r = 0; r < k; r++) {
				fields[r] = Fields.smoothField(rng, size, sigma);
				means[r] = rng.nextDouble();
				double amplitude = Fields.uniform(rng, 0, MAX_TEXTURE_AMPLITUDE);
				textures[r] = Fields.smoothField(rng, size, Fields.uniform(rng, MIN_TEXTURE_SIGMA, MAX_TEXTURE_SIGMA));
				for (int i = 0; i < textures[r].length; i++)
					textures[r][i] *= amplitude;
			}
			boolean[] present = new boolean[k];
			int count = 0;
			for (int i = 0; i < size * size; i++) {
				int label = argmax(fields, i);
				if (!present[label]) {
					present[label] = true;
					count++;
				}
			}
			int pick = rng.nextInt(count), target = 0;
			while (!present[target] || pick-- > 0)
				target++;
			return new Task(size, fields, means, textures, target);
		}

		/**
		 * One subject: region fields and textures read at deformed positions (clamped inside the image, so the
		 * label map covers every pixel), labelled by argmax, rendered, blurred and made noisy.
		 */
		Pair subject(Random rng) {
			double alpha = Fields.uniform(rng, MIN_DEFORMATION, MAX_DEFORMATION) * size;
			float[] dx = Fields.smoothField(rng, size, DEFORMATION_SIGMA * size);
			float[] dy = Fields.smoothField(rng, size, DEFORMATION_SIGMA * size);
			double[] level = new double[fields.length];
			for (int r = 0; r < level.length; r++)
				level[r] = means[r] + INTENSITY_JITTER * rng.nextGaussian();
			float[] image = new float[size * size], mask = new float[size * size];
			float[] values = new float[fields.length];
			for (int y = 0, i = 0; y < size; y++)
				for (int x = 0; x < size; x++, i++) {
					double sx = Math.min(Math.max(x + alpha * dx[i], 0), size - 1);
					double sy = Math.min(Math.max(y + alpha * dy[i], 0), size - 1);
					for (int r = 0; r < fields.length; r++)
						values[r] = Fields.bilinear(fields[r], size, sx, sy);
					int label = argmax(values);
					image[i] = (float) (level[label] + Fields.bilinear(textures[label], size, sx, sy));
					mask[i] = label == target ? 1f : 0f;
				}
			image = Fields.blur(image, size, Fields.uniform(rng, MIN_BLUR, MAX_BLUR));
			double noise = Fields.uniform(rng, 0, MAX_NOISE);
			for (int i = 0; i < image.length; i++)
				image[i] = Fields.clip01(image[i] + noise * rng.nextGaussian());
			return new Pair(image, mask);
		}

		private static int argmax(float[][] fields, int i) {
			float[] values = new float[fields.length];
			for (int r = 0; r < fields.length; r++)
				values[r] = fields[r][i];
			return argmax(values);
		}

		private static int argmax(float[] values) {
			int best = 0;
			for (int r = 1; r < values.length; r++)
				if (values[r] > values[best])
					best = r;
			return best;
		}
	}
}
