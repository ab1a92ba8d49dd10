package org.labelfit.universeg.episodes;

import java.util.Random;

import org.labelfit.universeg.episodes.AugmentationSettings.Stage;

/**
 * One draw of every augmentation of a {@link Stage}. All random choices, the noise field included, are made in
 * {@link #sample}, so {@link #apply} is a pure function: the same transform on the same pair gives the same
 * result. Order: geometry (flips, affine, elastic), then intensities (brightness/contrast, sharpness, blur,
 * noise, inversion), then the label (inversion, Sobel edges). Images in [0, 1] stay in [0, 1].
 */
final class Transform {

	/** Sharpness blends with a Gaussian blur of this sigma (pixels). */
	private static final double SHARPNESS_BLUR_SIGMA = 1.0;

	private final int size;
	private final Warp warp;
	private final double[] brightnessContrast;
	private final double sharpness; // 1: off
	private final double blurSigma; // 0: off
	private final float[] noise;
	private final boolean invertIntensity, invertLabel, sobelLabel;

	private Transform(int size, Warp warp, double[] brightnessContrast, double sharpness, double blurSigma,
			float[] noise, boolean invertIntensity, boolean invertLabel, boolean sobelLabel) {
		this.size = size;
		this.warp = warp;
		this.brightnessContrast = brightnessContrast;
		this.sharpness = sharpness;
		this.blurSigma = blurSigma;
		this.noise = noise;
		this.invertIntensity = invertIntensity;
		this.invertLabel = invertLabel;
		this.sobelLabel = sobelLabel;
	}

	/** Draws which augmentations fire and their parameters, in a fixed order of rng calls. */
	static Transform sample(Random rng, Stage st, int size) {
		if (size < 1)
			throw new IllegalArgumentException("size must be positive, got " + size);
		boolean flipX = chance(rng, st.horizontalFlip()), flipY = chance(rng, st.verticalFlip());
		double[] affine = chance(rng, st.affine().p()) ? Warp.drawInverseAffine(rng, st.affine(), size) : null;
		float[][] elastic = chance(rng, st.elastic().p()) ? Warp.drawDisplacement(rng, st.elastic(), size) : null;
		Warp warp = flipX || flipY || affine != null || elastic != null ? Warp.of(size, flipX, flipY, affine, elastic) : null;
		var bc = st.brightnessContrast();
		double[] brightnessContrast = chance(rng, bc.p())
				? new double[] { Fields.uniform(rng, -bc.maxBrightness(), bc.maxBrightness()),
						Fields.uniform(rng, bc.minContrast(), bc.maxContrast()) }
				: null;
		var sh = st.sharpness();
		double sharpness = chance(rng, sh.p()) ? Fields.uniform(rng, sh.minFactor(), sh.maxFactor()) : 1;
		var bl = st.blur();
		double blurSigma = chance(rng, bl.p()) ? Fields.uniform(rng, bl.minSigma(), bl.maxSigma()) : 0;
		float[] noise = chance(rng, st.noise().p())
				? noiseField(rng, Fields.uniform(rng, st.noise().minStd(), st.noise().maxStd()), size)
				: null;
		boolean invertIntensity = chance(rng, st.invertIntensity());
		boolean invertLabel = chance(rng, st.invertLabel());
		boolean sobelLabel = chance(rng, st.sobelLabel());
		return new Transform(size, warp, brightnessContrast, sharpness, blurSigma, noise, invertIntensity,
				invertLabel, sobelLabel);
	}

	/** A new pair; the inputs are not modified. */
	Pair apply(float[] image, float[] mask) {
		Fields.checkSquare(image, size);
		Fields.checkSquare(mask, size);
		float[] img = warp == null ? image.clone() : warp.apply(image);
		float[] m = warp == null ? mask.clone() : warp.applyMask(mask);
		if (brightnessContrast != null)
			brightnessContrast(img, brightnessContrast[0], brightnessContrast[1]);
		if (sharpness != 1)
			img = sharpen(img, size, sharpness);
		if (blurSigma > 0)
			img = Fields.blur(img, size, blurSigma);
		if (noise != null)
			for (int i = 0; i < img.length; i++)
				img[i] = Fields.clip01(img[i] + noise[i]);
		if (invertIntensity)
			invert(img);
		if (invertLabel)
			invert(m);
		if (sobelLabel)
			m = sobelEdges(m, size);
		return new Pair(img, m);
	}

	/**
	 * |Sobel gradient| divided by its maximum (all zeros for a constant mask). Borders replicate the edge pixel
	 * so the image boundary itself is not an edge, which also makes the result the same for a mask and its
	 * inversion.
	 */
	static float[] sobelEdges(float[] mask, int size) {
		double[] magnitude = new double[mask.length];
		double max = 0;
		for (int y = 0; y < size; y++) {
			int up = Fields.clamp(y - 1, size) * size, row = y * size, down = Fields.clamp(y + 1, size) * size;
			for (int x = 0; x < size; x++) {
				int l = Fields.clamp(x - 1, size), r = Fields.clamp(x + 1, size);
				double gx = mask[up + r] + 2 * mask[row + r] + mask[down + r] - mask[up + l] - 2 * mask[row + l] - mask[down + l];
				double gy = mask[down + l] + 2 * mask[down + x] + mask[down + r] - mask[up + l] - 2 * mask[up + x] - mask[up + r];
				max = Math.max(max, magnitude[row + x] = Math.sqrt(gx * gx + gy * gy));
			}
		}
		float[] out = new float[mask.length];
		if (max > 0)
			for (int i = 0; i < out.length; i++)
				out[i] = (float) (magnitude[i] / max);
		return out;
	}

	private static boolean chance(Random rng, double p) {
		return rng.nextDouble() < p;
	}

	private static float[] noiseField(Random rng, double std, int size) {
		float[] noise = new float[size * size];
		for (int i = 0; i < noise.length; i++)
			noise[i] = (float) (std * rng.nextGaussian());
		return noise;
	}

	private static void brightnessContrast(float[] img, double brightness, double contrast) {
		double mean = 0;
		for (float v : img)
			mean += v;
		mean /= img.length;
		for (int i = 0; i < img.length; i++)
			img[i] = Fields.clip01(contrast * (img[i] - mean) + mean + brightness);
	}

	private static float[] sharpen(float[] img, int size, double factor) {
		float[] soft = Fields.blur(img, size, SHARPNESS_BLUR_SIGMA);
		for (int i = 0; i < soft.length; i++)
			soft[i] = Fields.clip01(factor * img[i] + (1 - factor) * soft[i]);
		return soft;
	}

	private static void invert(float[] values) {
		for (int i = 0; i < values.length; i++)
			values[i] = 1 - values[i];
	}
}
