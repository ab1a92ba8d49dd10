package org.labelfit.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.labelfit.image.Images;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * One synthetic subject: intensities and labels of a width×height×depth volume (depth 1 for 2D),
 * index {@code (z * height + y) * width + x}. Labels are the {@link Phantoms} classes.
 */
public record Subject(float[] image, short[] labels, int width, int height, int depth) {

	public Subject {
		int n = width * height * depth;
		if (image.length != n || labels.length != n)
			throw new IllegalArgumentException("arrays must hold " + width + "×" + height + "×" + depth + " values");
	}

	/** The image as a planar Img (copied per slice, so the record stays unchanged). */
	public Img<FloatType> imageImg() {
		int n = width * height;
		List<float[]> planes = new ArrayList<>(depth);
		for (int z = 0; z < depth; z++)
			planes.add(Arrays.copyOfRange(image, z * n, (z + 1) * n));
		return Images.floatImg(planes, width, height);
	}

	/** The labels as a planar Img (copied per slice, so the record stays unchanged). */
	public Img<UnsignedShortType> labelImg() {
		int n = width * height;
		List<short[]> planes = new ArrayList<>(depth);
		for (int z = 0; z < depth; z++)
			planes.add(Arrays.copyOfRange(labels, z * n, (z + 1) * n));
		return Images.labelImg(planes, width, height);
	}
}
