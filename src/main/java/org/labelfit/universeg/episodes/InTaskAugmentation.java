package org.labelfit.universeg.episodes;

import java.util.Random;

/**
 * In-task augmentation (UniverSeg §4): drawn afresh for every image/mask pair from
 * {@link AugmentationSettings#inTask()}, so the query and supports vary independently, like different subjects
 * of the same task.
 */
public final class InTaskAugmentation {

	private InTaskAugmentation() {
	}

	/** A new, independently augmented pair of a square image; the inputs are not modified. */
	public static Pair apply(Random rng, AugmentationSettings s, float[] image, float[] mask) {
		return Transform.sample(rng, s.inTask(), Fields.side(image.length)).apply(image, mask);
	}
}
