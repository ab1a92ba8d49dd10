package org.labelfit.universeg.episodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Episode-level augmentation: one task augmentation for the whole episode, then in-task augmentation per pair. */
public final class Episodes {

	private Episodes() {
	}

	/**
	 * A new augmented episode; {@code e} is not modified. Random draws happen in a fixed order (the task
	 * augmentation, then the query's in-task draw, then each support's), so a seeded rng reproduces the episode.
	 */
	public static Episode augment(Episode e, Random rng, AugmentationSettings s) {
		TaskAugmentation task = TaskAugmentation.sample(rng, s, e.size());
		Pair query = augment(e.query(), e.queryMask(), task, rng, s);
		List<float[]> images = new ArrayList<>(e.supportSize()), masks = new ArrayList<>(e.supportSize());
		for (int i = 0; i < e.supportSize(); i++) {
			Pair p = augment(e.supportImages().get(i), e.supportMasks().get(i), task, rng, s);
			images.add(p.image());
			masks.add(p.mask());
		}
		return new Episode(e.size(), query.image(), query.mask(), images, masks);
	}

	private static Pair augment(float[] image, float[] mask, TaskAugmentation task, Random rng, AugmentationSettings s) {
		Pair p = task.apply(image, mask);
		return InTaskAugmentation.apply(rng, s, p.image(), p.mask());
	}
}
