package org.labelfit.pix2rep;

import java.util.Random;

import org.labelfit.image.Gaussian;

/**
 * The official intensity pipeline (config/data/data.yaml, torchio semantics), each step applied with its own
 * probability, in this order: Gaussian noise σ ~ U(0, 0.5) (p 0.3); Gaussian blur σ ~ U(0, 1.3) per axis (p 0.5);
 * gamma x^γ, log γ ~ U(−0.05, 0.05) (p 0.9); a multiplicative exp(polynomial) bias field of order 3 with
 * coefficients ~ U(−0.9, 0.9) (p 0.75); inversion x → 1 − x (p 0.35). Two views get independent draws.
 */
final class IntensityAugmentation {

	static final double NOISE_P = 0.3, NOISE_MAX_STD = 0.5;
	static final double BLUR_P = 0.5, BLUR_MAX_SIGMA = 1.3;
	static final double GAMMA_P = 0.9, MAX_LOG_GAMMA = 0.05;
	static final double BIAS_P = 0.75, MAX_BIAS_COEFFICIENT = 0.9;
	static final int BIAS_ORDER = 3;
	/** Terms x^i·y^j with i + j ≤ order. */
	static final int BIAS_TERMS = (BIAS_ORDER + 1) * (BIAS_ORDER + 2) / 2;
	static final double INVERT_P = 0.35;
	/** A blur σ below this leaves the image as it is (the kernel has one tap). */
	private static final double MIN_BLUR_SIGMA = 1e-3;

	/** One draw of the pipeline: a step not applied is 0 (noise), null (blur, bias field), 0 (log γ) or false. */
	record Draw(double noiseStd, long noiseSeed, double[] blurSigma, double logGamma, double[] biasCoefficients, boolean invert) {}

	private IntensityAugmentation() {}

	static Draw sample(Random r) {
		double noise = r.nextDouble() < NOISE_P ? r.nextDouble() * NOISE_MAX_STD : 0;
		long seed = r.nextLong();
		double[] blur = r.nextDouble() < BLUR_P ? new double[] { r.nextDouble() * BLUR_MAX_SIGMA, r.nextDouble() * BLUR_MAX_SIGMA } : null;
		double logGamma = r.nextDouble() < GAMMA_P ? (2 * r.nextDouble() - 1) * MAX_LOG_GAMMA : 0;
		double[] bias = null;
		if (r.nextDouble() < BIAS_P) {
			bias = new double[BIAS_TERMS];
			for (int i = 0; i < bias.length; i++) bias[i] = (2 * r.nextDouble() - 1) * MAX_BIAS_COEFFICIENT;
		}
		return new Draw(noise, seed, blur, logGamma, bias, r.nextDouble() < INVERT_P);
	}

	/** The augmented copy of a {@code width}×{@code height} slice. */
	static float[] apply(Draw d, float[] image, int width, int height) {
		float[] x = image.clone();
		if (d.noiseStd() > 0) {
			Random noise = new Random(d.noiseSeed());
			for (int i = 0; i < x.length; i++) x[i] += (float) (d.noiseStd() * noise.nextGaussian());
		}
		if (d.blurSigma() != null) x = blur(x, width, height, d.blurSigma()[0], d.blurSigma()[1]);
		if (d.logGamma() != 0) {
			double gamma = Math.exp(d.logGamma());
			// torchio keeps the sign of negative values (noise can push intensities below 0)
			for (int i = 0; i < x.length; i++) x[i] = (float) (Math.signum(x[i]) * Math.pow(Math.abs(x[i]), gamma));
		}
		if (d.biasCoefficients() != null) {
			float[] field = biasField(d.biasCoefficients(), width, height);
			for (int i = 0; i < x.length; i++) x[i] *= field[i];
		}
		if (d.invert()) for (int i = 0; i < x.length; i++) x[i] = 1 - x[i];
		return x;
	}

	/**
	 * torchio's bias field in 2D: exp(Σ_{i+j≤3} c_ij·x^i·y^j) with x, y at the pixel centres, scaled so the
	 * outermost centres are ±1.
	 */
	static float[] biasField(double[] coefficients, int width, int height) {
		double[] xs = centres(width), ys = centres(height);
		float[] field = new float[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double sum = 0;
				int term = 0;
				for (int i = 0; i <= BIAS_ORDER; i++)
					for (int j = 0; j <= BIAS_ORDER - i; j++) sum += coefficients[term++] * Math.pow(xs[x], i) * Math.pow(ys[y], j);
				field[y * width + x] = (float) Math.exp(sum);
			}
		return field;
	}

	private static double[] centres(int n) {
		double[] c = new double[n];
		double max = (n - 1) / 2.0;
		for (int i = 0; i < n; i++) c[i] = max == 0 ? 0 : (i - max) / max;
		return c;
	}

	/** Separable Gaussian blur, edges mirrored (scipy's 'reflect', which torchio's blur uses). */
	static float[] blur(float[] x, int width, int height, double sigmaX, double sigmaY) {
		float[] out = x;
		if (sigmaX >= MIN_BLUR_SIGMA) out = blurAxis(out, width, height, Gaussian.kernel(sigmaX), true);
		if (sigmaY >= MIN_BLUR_SIGMA) out = blurAxis(out, width, height, Gaussian.kernel(sigmaY), false);
		return out;
	}

	private static float[] blurAxis(float[] x, int width, int height, double[] k, boolean alongX) {
		int r = k.length / 2, n = alongX ? width : height;
		float[] out = new float[x.length];
		for (int y = 0; y < height; y++)
			for (int c = 0; c < width; c++) {
				int at = alongX ? c : y;
				double s = 0;
				for (int o = -r; o <= r; o++) {
					int p = reflect(at + o, n);
					s += k[o + r] * x[alongX ? y * width + p : p * width + c];
				}
				out[y * width + c] = (float) s;
			}
		return out;
	}

	/** Index into 0..n−1 mirrored about the edges, d c b a | a b c d | d c b a. */
	private static int reflect(int i, int n) {
		int period = 2 * n;
		int m = Math.floorMod(i, period);
		return m < n ? m : period - 1 - m;
	}
}
