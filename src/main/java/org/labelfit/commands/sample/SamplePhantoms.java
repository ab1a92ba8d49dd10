package org.labelfit.commands.sample;

import ij.ImagePlus;

import org.labelfit.image.Images;
import org.labelfit.image.LabelImages;
import org.labelfit.sample.Phantoms;
import org.labelfit.sample.SampleData;
import org.labelfit.sample.Subject;

/** The sample data behind "Brain Phantom (2D)" and "(3D)": always the same phantom and its ground-truth labels. */
public final class SamplePhantoms {

	/** Fixed, so that the menu always opens the same images. */
	static final long SEED = 422;

	/** The phantom image (32-bit) and its labels (16-bit, LUT, class names). */
	public record Pair(ImagePlus image, ImagePlus labels) {}

	private SamplePhantoms() {}

	/** A {@value Phantoms#DEFAULT_SIZE}² slice, or with {@code threeD} a 48×48×32 volume. */
	public static Pair open(boolean threeD) {
		Subject s = threeD ? Phantoms.generate3D(SEED, 0, SampleData.SIZE_3D, SampleData.DEPTH_3D) : Phantoms.generate2D(SEED, 0);
		String title = threeD ? "brain_phantom_3d" : "brain_phantom_2d";
		ImagePlus image = Images.floatToImagePlus(s.imageImg(), title);
		ImagePlus labels = LabelImages.labelImage(s.labelImg(), Phantoms.CLASS_NAMES, LabelImages.defaultColors(Phantoms.CLASS_NAMES.size()),
			title + "_labels", null);
		return new Pair(image, labels);
	}
}
