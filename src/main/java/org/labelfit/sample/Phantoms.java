package org.labelfit.sample;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reproducible synthetic brain-like T1 MRI phantoms with ground-truth labels, for demos and tests.
 * <p>
 * Each subject draws its own geometry ({@link Anatomy}), class intensities (CSF ~0.15, GM ~0.5, deep GM ~0.62,
 * WM ~0.76, background 0, with per-subject jitter), a smooth multiplicative bias field and Rician noise.
 * Labels are rendered on a finer grid (4× per axis in 2D, 2× in 3D); each pixel takes the majority label of its
 * samples and the mean of their class intensities, so boundaries show partial-volume blending.
 * <p>
 * Subject {@code index} depends only on (seed, index): no global state, and generating other subjects first
 * does not change it. 2D and 3D subjects use independent streams.
 */
public final class Phantoms {

	public static final int BACKGROUND = 0, CSF = 1, GREY_MATTER = 2, WHITE_MATTER = 3, DEEP_GREY_MATTER = 4;

	/** Class names by label value. */
	public static final List<String> CLASS_NAMES = List.of("background", "CSF", "grey matter", "white matter", "deep grey matter");

	public static final int DEFAULT_SIZE = 128;

	private static final long SALT_2D = 0x2D2D2D2DL, SALT_3D = 0x3D3D3D3DL;

	private Phantoms() {
	}

	/** A {@value #DEFAULT_SIZE}×{@value #DEFAULT_SIZE} axial slice. */
	public static Subject generate2D(long seed, int index) {
		return generate2D(seed, index, DEFAULT_SIZE);
	}

	/** A size×size axial slice (size at least 16). */
	public static Subject generate2D(long seed, int index, int size) {
		return generate2D(seed, index, size, true);
	}

	/** A size×size×depth volume (each at least 8). */
	public static Subject generate3D(long seed, int index, int size, int depth) {
		return generate3D(seed, index, size, depth, true);
	}

	/** With {@code artefacts} false, bias and noise are left out (same anatomy and contrast): for tests. */
	static Subject generate2D(long seed, int index, int size, boolean artefacts) {
		if (size < 16)
			throw new IllegalArgumentException("phantom size must be at least 16, got " + size);
		SplittableRandom rng = new SplittableRandom(mix(seed, index, SALT_2D));
		Anatomy anatomy = new Anatomy(rng);
		double level = Anatomy.uniform(rng, -0.1, 0.1);
		return render(anatomy, new Contrast(rng), rng, size, 1, 4, level, artefacts);
	}

	static Subject generate3D(long seed, int index, int size, int depth, boolean artefacts) {
		if (size < 8 || depth < 8)
			throw new IllegalArgumentException("3D phantom must be at least 8×8×8, got " + size + "×" + size + "×" + depth);
		SplittableRandom rng = new SplittableRandom(mix(seed, index, SALT_3D));
		Anatomy anatomy = new Anatomy(rng);
		return render(anatomy, new Contrast(rng), rng, size, depth, 2, 0, artefacts);
	}

	/** Per-subject class means, bias field and noise level. */
	private static final class Contrast {
		final double[] means = new double[5];
		final double[] bias = new double[5];
		final double sigma;

		Contrast(SplittableRandom rng) {
			double gain = Anatomy.uniform(rng, 0.92, 1.05);
			double[] base = { 0, 0.15, 0.50, 0.76, 0.62 };
			for (int k = 1; k < 5; k++)
				means[k] = gain * (base[k] + Anatomy.uniform(rng, -0.025, 0.025));
			for (int i = 0; i < bias.length; i++)
				bias[i] = Anatomy.uniform(rng, -0.05, 0.05);
			sigma = Anatomy.uniform(rng, 0.012, 0.03);
		}

		/** Smooth multiplicative field: exp of a low-order polynomial. */
		double bias(double u, double v, double w) {
			return Math.exp(bias[0] * u + bias[1] * v + bias[2] * w + bias[3] * u * v + bias[4] * (u * u - v * v));
		}
	}

	/**
	 * Renders a size×size×depth volume; in 2D (depth 1) the axial plane sits at normalized height {@code level}.
	 * Supersampling is {@code factor} per in-plane axis, and along z only in 3D.
	 */
	private static Subject render(Anatomy anatomy, Contrast contrast, SplittableRandom rng, int size, int depth, int factor,
		double level, boolean artefacts) {
		int fz = depth > 1 ? factor : 1;
		int samples = factor * factor * fz;
		float[] image = new float[size * size * depth];
		short[] labels = new short[image.length];
		int[] counts = new int[5];
		for (int z = 0, i = 0; z < depth; z++) {
			for (int y = 0; y < size; y++) {
				for (int x = 0; x < size; x++, i++) {
					Arrays.fill(counts, 0);
					for (int sz = 0; sz < fz; sz++) {
						double w = depth > 1 ? coord(z, sz, fz, depth) : level;
						for (int sy = 0; sy < factor; sy++)
							for (int sx = 0; sx < factor; sx++)
								counts[anatomy.classify(coord(x, sx, factor, size), coord(y, sy, factor, size), w)]++;
					}
					int label = 0;
					double sum = 0;
					for (int k = 0; k < 5; k++) {
						sum += counts[k] * contrast.means[k];
						if (counts[k] > counts[label])
							label = k;
					}
					labels[i] = (short) label;
					image[i] = (float) (sum / samples);
				}
			}
		}
		if (artefacts)
			addBiasAndNoise(image, contrast, rng, size, depth);
		return new Subject(image, labels, size, size, depth);
	}

	/** Bias field times signal, then Rician noise: magnitude of a complex signal with Gaussian noise. */
	private static void addBiasAndNoise(float[] image, Contrast contrast, SplittableRandom rng, int size, int depth) {
		double s = contrast.sigma;
		for (int z = 0, i = 0; z < depth; z++)
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++, i++) {
					double w = depth > 1 ? coord(z, 0, 1, depth) : 0;
					double real = image[i] * contrast.bias(coord(x, 0, 1, size), coord(y, 0, 1, size), w) + s * rng.nextGaussian();
					double imaginary = s * rng.nextGaussian();
					image[i] = (float) Math.sqrt(real * real + imaginary * imaginary);
				}
	}

	/** Normalized coordinate in [-1, 1] of sub-sample {@code sub} (of {@code factor}) in pixel {@code p} of {@code n}. */
	private static double coord(int p, int sub, int factor, int n) {
		return (p + (sub + 0.5) / factor) / n * 2 - 1;
	}

	/** Murmur3's 64-bit finalizer over (seed, index, salt), so nearby seeds and indices give unrelated streams. */
	private static long mix(long seed, long index, long salt) {
		long h = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + salt;
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		h ^= h >>> 33;
		h *= 0xC4CEB9FE1A85EC53L;
		h ^= h >>> 33;
		return h;
	}
}
