package org.labelfit.universeg.episodes;

import java.util.Objects;

/**
 * Probabilities and ranges for UniverSeg episode augmentation. The authors never released their training code
 * and the paper's supplement values are unavailable, so every default here is our choice (rationale in
 * {@code docs/universeg-training.md}). Each augmentation fires independently with its probability {@code p};
 * its parameters are then drawn uniformly from the given range. Lengths (translation, elastic alpha and sigma)
 * are fractions of the image side so the settings do not depend on the resolution; blur sigmas are in pixels.
 *
 * @param task augmentations drawn once per episode and applied identically to the query and every support pair
 * @param inTask augmentations drawn independently for each image/mask pair, after the task augmentation
 */
public record AugmentationSettings(Stage task, Stage inTask) {

	public AugmentationSettings {
		Objects.requireNonNull(task, "task");
		Objects.requireNonNull(inTask, "inTask");
	}

	/** {@link Stage#taskDefaults()} and {@link Stage#inTaskDefaults()}. */
	public static AugmentationSettings defaults() {
		return new AugmentationSettings(Stage.taskDefaults(), Stage.inTaskDefaults());
	}

	/** Nothing fires: episodes pass through unchanged (as copies). */
	public static AugmentationSettings none() {
		return new AugmentationSettings(Stage.none(), Stage.none());
	}

	/**
	 * One level of augmentation (task or in-task). Both levels share this type so either can use any
	 * augmentation; the in-task defaults simply leave flips, inversions, Sobel and sharpness off.
	 *
	 * @param horizontalFlip probability of mirroring x
	 * @param verticalFlip probability of mirroring y
	 * @param invertIntensity probability of image → 1 − image
	 * @param invertLabel probability of mask → 1 − mask
	 * @param sobelLabel probability of mask → |Sobel(mask)| / max (a soft edge label)
	 */
	public record Stage(double horizontalFlip, double verticalFlip, double invertIntensity, double invertLabel,
			double sobelLabel, Affine affine, Elastic elastic, BrightnessContrast brightnessContrast,
			Sharpness sharpness, Blur blur, Noise noise) {

		public Stage {
			probability(horizontalFlip);
			probability(verticalFlip);
			probability(invertIntensity);
			probability(invertLabel);
			probability(sobelLabel);
			Objects.requireNonNull(affine, "affine");
			Objects.requireNonNull(elastic, "elastic");
			Objects.requireNonNull(brightnessContrast, "brightnessContrast");
			Objects.requireNonNull(sharpness, "sharpness");
			Objects.requireNonNull(blur, "blur");
			Objects.requireNonNull(noise, "noise");
		}

		/**
		 * Task level: strong, frequent changes that create new tasks from old ones. Label inversion (0.25) is
		 * rarer than the flips because it turns small-foreground tasks into large-foreground ones; Sobel (0.15)
		 * is rarer still because it produces soft, thin labels unlike any real target.
		 */
		public static Stage taskDefaults() {
			return new Stage(0.5, 0.5, 0.5, 0.25, 0.15,
					new Affine(0.5, 20, 0.8, 1.2, 10, 0.10),
					new Elastic(0.25, 0.04, 0.06),
					new BrightnessContrast(0.5, 0.1, 0.8, 1.2),
					new Sharpness(0.25, 0.5, 3.0),
					new Blur(0.25, 0.1, 1.1),
					new Noise(0.25, 0.01, 0.05));
		}

		/**
		 * In-task level: milder versions of the geometric and intensity changes, so pairs of one task differ like
		 * scans of different subjects without the task itself changing.
		 */
		public static Stage inTaskDefaults() {
			return new Stage(0, 0, 0, 0, 0,
					new Affine(0.5, 10, 0.9, 1.1, 5, 0.05),
					new Elastic(0.25, 0.02, 0.06),
					new BrightnessContrast(0.5, 0.05, 0.9, 1.1),
					new Sharpness(0, 0.5, 3.0),
					new Blur(0.25, 0.1, 0.8),
					new Noise(0.25, 0.005, 0.03));
		}

		/** Every probability 0 (ranges as in {@link #inTaskDefaults()}, so switching one on with withP works). */
		public static Stage none() {
			Stage d = inTaskDefaults();
			return new Stage(0, 0, 0, 0, 0, d.affine.withP(0), d.elastic.withP(0), d.brightnessContrast.withP(0),
					d.sharpness.withP(0), d.blur.withP(0), d.noise.withP(0));
		}
	}

	/**
	 * Random affine map about the image centre: rotation, isotropic scale, x-shear, then translation.
	 *
	 * @param maxRotationDegrees rotation drawn in ±this
	 * @param maxShearDegrees shear angle drawn in ±this
	 * @param maxTranslation shift per axis drawn in ±this fraction of the side
	 */
	public record Affine(double p, double maxRotationDegrees, double minScale, double maxScale,
			double maxShearDegrees, double maxTranslation) {

		public Affine {
			probability(p);
			check(maxRotationDegrees >= 0 && maxRotationDegrees <= 180, "maxRotationDegrees must be in [0, 180]");
			check(minScale > 0 && minScale <= maxScale && maxScale < 100, "need 0 < minScale <= maxScale < 100");
			check(maxShearDegrees >= 0 && maxShearDegrees < 60, "maxShearDegrees must be in [0, 60)");
			check(maxTranslation >= 0 && maxTranslation <= 1, "maxTranslation must be in [0, 1]");
		}

		public Affine withP(double p) {
			return new Affine(p, maxRotationDegrees, minScale, maxScale, maxShearDegrees, maxTranslation);
		}
	}

	/**
	 * Elastic deformation: a smooth random displacement field (white noise blurred with {@code sigma}) whose
	 * largest displacement is drawn in [0, maxAlpha].
	 *
	 * @param maxAlpha largest displacement, as a fraction of the side
	 * @param sigma smoothness of the field, as a fraction of the side
	 */
	public record Elastic(double p, double maxAlpha, double sigma) {

		public Elastic {
			probability(p);
			check(maxAlpha >= 0 && maxAlpha <= 1, "maxAlpha must be in [0, 1]");
			check(sigma > 0 && sigma <= 1, "sigma must be in (0, 1]");
		}

		public Elastic withP(double p) {
			return new Elastic(p, maxAlpha, sigma);
		}
	}

	/**
	 * image → contrast · (image − mean) + mean + brightness, then clipped to [0, 1]. Contrast pivots on the
	 * image's own mean so that brightness alone shifts the overall level.
	 *
	 * @param maxBrightness brightness drawn in ±this
	 */
	public record BrightnessContrast(double p, double maxBrightness, double minContrast, double maxContrast) {

		public BrightnessContrast {
			probability(p);
			check(maxBrightness >= 0 && maxBrightness <= 1, "maxBrightness must be in [0, 1]");
			check(minContrast >= 0 && minContrast <= maxContrast && maxContrast < 100,
					"need 0 <= minContrast <= maxContrast < 100");
		}

		public BrightnessContrast withP(double p) {
			return new BrightnessContrast(p, maxBrightness, minContrast, maxContrast);
		}
	}

	/**
	 * image → f · image + (1 − f) · blur(image, sigma 1 px), clipped: f &lt; 1 softens, f &gt; 1 sharpens
	 * (unsharp masking, the same blend as torchvision's adjust_sharpness with a Gaussian instead of its 3×3 kernel).
	 */
	public record Sharpness(double p, double minFactor, double maxFactor) {

		public Sharpness {
			probability(p);
			check(minFactor >= 0 && minFactor <= maxFactor && maxFactor < 100, "need 0 <= minFactor <= maxFactor < 100");
		}

		public Sharpness withP(double p) {
			return new Sharpness(p, minFactor, maxFactor);
		}
	}

	/** Gaussian blur with sigma drawn in [minSigma, maxSigma] pixels. */
	public record Blur(double p, double minSigma, double maxSigma) {

		public Blur {
			probability(p);
			check(minSigma > 0 && minSigma <= maxSigma && maxSigma <= 100, "need 0 < minSigma <= maxSigma <= 100");
		}

		public Blur withP(double p) {
			return new Blur(p, minSigma, maxSigma);
		}
	}

	/** Additive Gaussian noise with standard deviation drawn in [minStd, maxStd], then clipped to [0, 1]. */
	public record Noise(double p, double minStd, double maxStd) {

		public Noise {
			probability(p);
			check(minStd >= 0 && minStd <= maxStd && maxStd <= 1, "need 0 <= minStd <= maxStd <= 1");
		}

		public Noise withP(double p) {
			return new Noise(p, minStd, maxStd);
		}
	}

	private static void probability(double p) {
		check(p >= 0 && p <= 1, "probabilities must be in [0, 1], got " + p);
	}

	private static void check(boolean ok, String message) {
		if (!ok)
			throw new IllegalArgumentException(message);
	}
}
