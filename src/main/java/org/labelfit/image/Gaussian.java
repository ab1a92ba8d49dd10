package org.labelfit.image;

/** The Gaussian kernel shared by every smoothing filter (augmentation, baseline features). */
public final class Gaussian {

	private Gaussian() {}

	/**
	 * Normalised Gaussian weights for offsets -r..r, r = ceil(3 sigma): the truncated tails hold under 0.3 % of
	 * the mass, and renormalising keeps a constant image constant.
	 */
	public static double[] kernel(double sigma) {
		if (!(sigma > 0 && sigma < 1e4))
			throw new IllegalArgumentException("Gaussian sigma must be in (0, 1e4), got " + sigma);
		int r = (int) Math.ceil(3 * sigma);
		double[] w = new double[2 * r + 1];
		double sum = 0;
		for (int k = -r; k <= r; k++)
			sum += w[k + r] = Math.exp(-k * k / (2 * sigma * sigma));
		for (int i = 0; i < w.length; i++)
			w[i] /= sum;
		return w;
	}
}
