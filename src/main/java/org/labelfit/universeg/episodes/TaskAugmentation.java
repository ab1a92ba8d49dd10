package org.labelfit.universeg.episodes;

import java.util.Random;

/**
 * A task augmentation (UniverSeg §4): drawn once per episode from {@link AugmentationSettings#task()} and applied
 * identically to the query and every support pair, so the augmented episode is still one consistent task (a
 * flipped, inverted or edge-labelled version of the original).
 */
public final class TaskAugmentation {

	private final Transform transform;

	private TaskAugmentation(Transform transform) {
		this.transform = transform;
	}

	/** Draws every random choice now (flips, affine map, elastic field, noise field, ...) for size×size images. */
	public static TaskAugmentation sample(Random rng, AugmentationSettings s, int size) {
		return new TaskAugmentation(Transform.sample(rng, s.task(), size));
	}

	/** The augmented pair as new arrays; the same inputs always give the same outputs. */
	public Pair apply(float[] image, float[] mask) {
		return transform.apply(image, mask);
	}
}
