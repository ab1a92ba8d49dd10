package org.labelfit.universeg.episodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.labelfit.universeg.episodes.AugmentationSettings.Affine;
import org.labelfit.universeg.episodes.AugmentationSettings.Blur;
import org.labelfit.universeg.episodes.AugmentationSettings.Noise;
import org.labelfit.universeg.episodes.AugmentationSettings.Stage;

class AugmentationSettingsTest {

	@Test
	void rejectsInvalidProbabilitiesAndRanges() {
		assertThrows(IllegalArgumentException.class, () -> Stage.none().affine().withP(1.5));
		assertThrows(IllegalArgumentException.class, () -> new Affine(0.5, 20, 1.2, 0.8, 10, 0.1));
		assertThrows(IllegalArgumentException.class, () -> new Blur(0.5, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> new Noise(0.5, 0.1, 0.05));
		Stage d = Stage.taskDefaults();
		assertThrows(IllegalArgumentException.class, () -> new Stage(-0.1, 0, 0, 0, 0, d.affine(), d.elastic(),
				d.brightnessContrast(), d.sharpness(), d.blur(), d.noise()));
	}

	@Test
	void noneSwitchesEverythingOff() {
		Stage n = AugmentationSettings.none().task();
		double sum = n.horizontalFlip() + n.verticalFlip() + n.invertIntensity() + n.invertLabel() + n.sobelLabel()
				+ n.affine().p() + n.elastic().p() + n.brightnessContrast().p() + n.sharpness().p() + n.blur().p()
				+ n.noise().p();
		assertEquals(0, sum);
		assertEquals(n, AugmentationSettings.none().inTask());
	}
}
