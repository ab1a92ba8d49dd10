package org.labelfit.universeg.episodes;

import org.labelfit.universeg.episodes.AugmentationSettings.Stage;

/** Test settings with chosen augmentations forced on. */
final class Settings {

	private Settings() {
	}

	/** Only the given flag-style augmentations, task level. */
	static AugmentationSettings taskFlags(double hFlip, double vFlip, double invertIntensity, double invertLabel, double sobel) {
		Stage n = Stage.none();
		return new AugmentationSettings(new Stage(hFlip, vFlip, invertIntensity, invertLabel, sobel, n.affine(),
				n.elastic(), n.brightnessContrast(), n.sharpness(), n.blur(), n.noise()), Stage.none());
	}

	/** Only the given affine map and elastic deformation, task level. */
	static AugmentationSettings taskGeometry(AugmentationSettings.Affine affine, AugmentationSettings.Elastic elastic) {
		Stage n = Stage.none();
		return new AugmentationSettings(new Stage(0, 0, 0, 0, 0, affine, elastic, n.brightnessContrast(),
				n.sharpness(), n.blur(), n.noise()), Stage.none());
	}

	/** Every augmentation of the stage's defaults with probability 1 (Sobel optional). */
	static Stage allOn(Stage d, boolean sobel) {
		return new Stage(1, 1, 1, 1, sobel ? 1 : 0, d.affine().withP(1), d.elastic().withP(1),
				d.brightnessContrast().withP(1), d.sharpness().withP(1), d.blur().withP(1), d.noise().withP(1));
	}
}
