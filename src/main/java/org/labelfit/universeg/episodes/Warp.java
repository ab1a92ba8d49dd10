package org.labelfit.universeg.episodes;

import java.util.Random;

/**
 * A resampling grid: for each output pixel, where to read the input. It is built once from the drawn flips,
 * affine map and displacement field and then applied to any number of images, which is what makes a task
 * augmentation's geometry identical across an episode; composing everything into one grid also means one
 * interpolation per image instead of one per transform.
 */
final class Warp {

	private final int size;
	private final float[] sourceX, sourceY;

	private Warp(int size, float[] sourceX, float[] sourceY) {
		this.size = size;
		this.sourceX = sourceX;
		this.sourceY = sourceY;
	}

	/**
	 * The grid for, from input to output: flips, then the affine map, then the elastic displacement. Null parts
	 * are skipped. {@code inverseAffine} is {a00, a01, a10, a11, tx, ty} as returned by {@link #drawInverseAffine}.
	 */
	static Warp of(int size, boolean flipX, boolean flipY, double[] inverseAffine, float[][] displacement) {
		float[] sx = new float[size * size], sy = new float[size * size];
		double c = (size - 1) / 2.0;
		for (int y = 0, i = 0; y < size; y++)
			for (int x = 0; x < size; x++, i++) {
				double qx = x, qy = y;
				if (displacement != null) {
					qx += displacement[0][i];
					qy += displacement[1][i];
				}
				if (inverseAffine != null) {
					double[] a = inverseAffine;
					double ux = qx - c - a[4], uy = qy - c - a[5];
					qx = a[0] * ux + a[1] * uy + c;
					qy = a[2] * ux + a[3] * uy + c;
				}
				sx[i] = (float) (flipX ? size - 1 - qx : qx);
				sy[i] = (float) (flipY ? size - 1 - qy : qy);
			}
		return new Warp(size, sx, sy);
	}

	/**
	 * Draws rotation, scale, x-shear and translation and returns the output→input map about the image centre:
	 * the 2×2 inverse of rotation·shear·scale, then the translation in pixels.
	 */
	static double[] drawInverseAffine(Random rng, AugmentationSettings.Affine a, int size) {
		double theta = Math.toRadians(Fields.uniform(rng, -a.maxRotationDegrees(), a.maxRotationDegrees()));
		double scale = Fields.uniform(rng, a.minScale(), a.maxScale());
		double shear = Math.tan(Math.toRadians(Fields.uniform(rng, -a.maxShearDegrees(), a.maxShearDegrees())));
		double tx = Fields.uniform(rng, -a.maxTranslation(), a.maxTranslation()) * size;
		double ty = Fields.uniform(rng, -a.maxTranslation(), a.maxTranslation()) * size;
		double cos = Math.cos(theta), sin = Math.sin(theta);
		double m00 = scale * cos, m01 = scale * (cos * shear - sin);
		double m10 = scale * sin, m11 = scale * (sin * shear + cos);
		double det = m00 * m11 - m01 * m10;
		return new double[] { m11 / det, -m01 / det, -m10 / det, m00 / det, tx, ty };
	}

	/** Draws a smooth displacement field {dx, dy} in pixels whose largest component is alpha. */
	static float[][] drawDisplacement(Random rng, AugmentationSettings.Elastic e, int size) {
		double alpha = Fields.uniform(rng, 0, e.maxAlpha()) * size;
		float[][] d = { Fields.smoothField(rng, size, e.sigma() * size), Fields.smoothField(rng, size, e.sigma() * size) };
		for (float[] field : d)
			for (int i = 0; i < field.length; i++)
				field[i] *= alpha;
		return d;
	}

	/** Bilinear resampling; outside the input reads 0. */
	float[] apply(float[] image) {
		Fields.checkSquare(image, size);
		float[] out = new float[image.length];
		for (int i = 0; i < out.length; i++)
			out[i] = Fields.bilinear(image, size, sourceX[i], sourceY[i]);
		return out;
	}

	/**
	 * Bilinear resampling of a mask. A binary mask (only 0s and 1s) is re-binarised at 0.5 so it stays a valid
	 * hard label; a soft mask (a Sobel edge label) stays soft.
	 */
	float[] applyMask(float[] mask) {
		boolean binary = isBinary(mask);
		float[] out = apply(mask);
		if (binary)
			for (int i = 0; i < out.length; i++)
				out[i] = out[i] >= 0.5f ? 1f : 0f;
		return out;
	}

	private static boolean isBinary(float[] mask) {
		for (float v : mask)
			if (v != 0f && v != 1f)
				return false;
		return true;
	}
}
