package org.labelfit.universeg.episodes;

import java.util.Objects;

/** An image and its mask, both square row-major arrays of the same length. Arrays are not copied. */
public record Pair(float[] image, float[] mask) {

	public Pair {
		Objects.requireNonNull(image, "image");
		Objects.requireNonNull(mask, "mask");
		if (image.length != mask.length)
			throw new IllegalArgumentException("image has " + image.length + " pixels but mask has " + mask.length);
	}
}
