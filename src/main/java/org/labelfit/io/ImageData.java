package org.labelfit.io;

import org.labelfit.LabelFitException;

import java.util.Arrays;
import java.util.Objects;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A single-channel 2D (x, y) or 3D (x, y, z) image as read from a file.
 *
 * @param pixels intensities, x fastest
 * @param spacing pixel/voxel size per axis (same length as the number of dimensions)
 * @param nifti the NIfTI header when read from NIfTI, otherwise null
 * @param name the file name without its extension(s), e.g. "patient001_frame01_img"
 */
public record ImageData(Img<FloatType> pixels, double[] spacing, NiftiHeader nifti, String name) {

	public ImageData {
		Objects.requireNonNull(pixels, "pixels");
		Objects.requireNonNull(spacing, "spacing");
		Objects.requireNonNull(name, "name");
		int n = pixels.numDimensions();
		if (n != 2 && n != 3)
			throw new IllegalArgumentException("ImageData holds 2D or 3D images, not " + n + "D");
		if (spacing.length != n)
			throw new IllegalArgumentException("spacing has " + spacing.length + " values for a " + n + "D image");
		spacing = spacing.clone();
	}

	@Override
	public double[] spacing() {
		return spacing.clone();
	}

	public int numDimensions() {
		return pixels.numDimensions();
	}

	public long[] dims() {
		return pixels.dimensionsAsLongArray();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ImageData d && pixels.equals(d.pixels) && Arrays.equals(spacing, d.spacing)
			&& Objects.equals(nifti, d.nifti) && name.equals(d.name);
	}

	@Override
	public int hashCode() {
		return Objects.hash(pixels, Arrays.hashCode(spacing), nifti, name);
	}

	@Override
	public String toString() {
		return "ImageData[" + name + ", " + RawVoxels.sizeText(dims()) + ", spacing " + Arrays.toString(spacing) + "]";
	}

	/** The voxels as labels, one array per z-slice; fails unless every value is a whole number in 0..65535. */
	public short[][] labelPlanes() {
		float[][] planes = org.labelfit.image.Images.floatPlanes(pixels);
		short[][] out = new short[planes.length][];
		for (int z = 0; z < planes.length; z++) {
			float[] p = planes[z];
			short[] s = new short[p.length];
			for (int i = 0; i < p.length; i++) {
				float v = p[i];
				if (v != Math.rint(v) || v < 0 || v > 65535)
					throw new LabelFitException(name + ": label value " + v + " is not a whole number in 0..65535");
				s[i] = (short) (int) v;
			}
			out[z] = s;
		}
		return out;
	}
}
