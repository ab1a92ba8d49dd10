package org.labelfit.universeg.episodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.labelfit.universeg.episodes.AugmentationSettings.Stage;

class EpisodesTest {

	/** An episode whose query and supports all hold the same pair (as distinct arrays). */
	private static Episode repeated(float[] image, float[] mask, int supports) {
		List<float[]> images = new ArrayList<>(), masks = new ArrayList<>();
		for (int i = 0; i < supports; i++) {
			images.add(image.clone());
			masks.add(mask.clone());
		}
		return new Episode(Fields.side(image.length), image.clone(), mask.clone(), images, masks);
	}

	@Test
	void taskAugmentationIsSharedAcrossTheEpisode() {
		Random rng = new Random(6);
		Episode e = repeated(TaskAugmentationTest.random(rng, 32 * 32), TaskAugmentationTest.square(32), 4);
		AugmentationSettings s = new AugmentationSettings(Settings.allOn(Stage.taskDefaults(), false), Stage.none());
		Episode out = Episodes.augment(e, rng, s);
		assertFalse(Arrays.equals(e.query(), out.query()));
		for (int i = 0; i < 4; i++) {
			assertArrayEquals(out.query(), out.supportImages().get(i));
			assertArrayEquals(out.queryMask(), out.supportMasks().get(i));
		}
	}

	@Test
	void inTaskAugmentationMakesPairsDiffer() {
		Random rng = new Random(7);
		Episode e = repeated(TaskAugmentationTest.random(rng, 32 * 32), TaskAugmentationTest.square(32), 3);
		AugmentationSettings s = new AugmentationSettings(Stage.none(), Settings.allOn(Stage.inTaskDefaults(), false));
		Episode out = Episodes.augment(e, rng, s);
		for (int i = 0; i < 3; i++)
			assertFalse(Arrays.equals(out.query(), out.supportImages().get(i)), "support " + i);
		assertFalse(Arrays.equals(out.supportImages().get(0), out.supportImages().get(1)));
	}

	@Test
	void noAugmentationCopiesTheEpisode() {
		Episode e = repeated(TaskAugmentationTest.random(new Random(8), 16 * 16), TaskAugmentationTest.square(16), 2);
		Episode out = Episodes.augment(e, new Random(8), AugmentationSettings.none());
		assertArrayEquals(e.query(), out.query());
		assertArrayEquals(e.queryMask(), out.queryMask());
		assertArrayEquals(e.supportImages().get(1), out.supportImages().get(1));
		assertNotSame(e.query(), out.query());
	}

	@Test
	void defaultsKeepImagesInRangeAndMasksBinaryOrSoftOnlyAfterSobel() {
		Random rng = new Random(10);
		AugmentationSettings noSobel = new AugmentationSettings(withoutSobel(Stage.taskDefaults()), Stage.inTaskDefaults());
		for (int draw = 0; draw < 60; draw++) {
			Episode e = SyntheticTasks.generate(rng, 32, 3);
			Episode a = Episodes.augment(e, rng, noSobel), b = Episodes.augment(e, rng, AugmentationSettings.defaults());
			assertEquals(3, a.supportSize());
			for (Episode x : List.of(a, b)) {
				TaskAugmentationTest.assertInRange(x.query());
				TaskAugmentationTest.assertInRange(x.queryMask());
				x.supportImages().forEach(TaskAugmentationTest::assertInRange);
				x.supportMasks().forEach(TaskAugmentationTest::assertInRange);
			}
			TaskAugmentationTest.assertBinary(a.queryMask());
			a.supportMasks().forEach(TaskAugmentationTest::assertBinary);
		}
	}

	@Test
	void episodesValidateTheirShapes() {
		float[] img = new float[16], mask = new float[16];
		assertThrows(IllegalArgumentException.class, () -> new Episode(4, img, mask, List.of(), List.of()));
		assertThrows(IllegalArgumentException.class, () -> new Episode(4, img, mask, List.of(img), List.of()));
		assertThrows(IllegalArgumentException.class, () -> new Episode(4, img, new float[15], List.of(img), List.of(mask)));
		assertThrows(IllegalArgumentException.class, () -> new Episode(4, img, mask, List.of(new float[9]), List.of(mask)));
		assertEquals(1, new Episode(4, img, mask, List.of(img), List.of(mask)).supportSize());
	}

	private static Stage withoutSobel(Stage s) {
		return new Stage(s.horizontalFlip(), s.verticalFlip(), s.invertIntensity(), s.invertLabel(), 0, s.affine(),
				s.elastic(), s.brightnessContrast(), s.sharpness(), s.blur(), s.noise());
	}
}
