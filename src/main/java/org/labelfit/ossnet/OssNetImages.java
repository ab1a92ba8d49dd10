package org.labelfit.ossnet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.Nifti;
import org.labelfit.io.OutputFiles;

/**
 * The images OSS-Net reads: 3D volumes of one or more channels (MRI modalities), as a 4D NIfTI file (last axis =
 * channel), a single-channel 3D file in any format LabelFit reads, or a Fiji hyperstack; and label volumes made
 * binary for training.
 */
public final class OssNetImages {

	private OssNetImages() {}

	/** The channels of an image file, each a 3D volume with the file's geometry. */
	public static List<ImageData> read(Path file) {
		List<ImageData> channels = OutputFiles.isNifti(file) ? Nifti.readChannels(file) : List.of(ImageFiles.read(file));
		requireVolume(channels.get(0));
		return channels;
	}

	/** The channels of a Fiji image (a hyperstack's channels, or a single-channel stack); one frame only. */
	public static List<ImageData> channels(ImagePlus imp, String name) {
		if (imp.getNFrames() > 1)
			throw new LabelFitException(name + " has " + imp.getNFrames() + " time frames; OSS-Net segments one 3D volume (one frame)");
		List<ImageData> out = new ArrayList<>();
		for (int c = 1; c <= imp.getNChannels(); c++) {
			ImageStack stack = new ImageStack(imp.getWidth(), imp.getHeight());
			for (int z = 1; z <= imp.getNSlices(); z++) stack.addSlice(imp.getStack().getProcessor(imp.getStackIndex(c, z, 1)));
			ImagePlus channel = new ImagePlus(name, stack);
			Calibration cal = imp.getCalibration().copy();
			channel.setCalibration(cal);
			out.add(ImageFiles.toImageData(channel, name));
		}
		requireVolume(out.get(0));
		return out;
	}

	private static void requireVolume(ImageData image) {
		if (image.numDimensions() != 3)
			throw new LabelFitException(image.name() + " is a 2D image; OSS-Net segments 3D volumes");
	}

	/**
	 * A label volume as OSS-Net's binary target (spec §3): 1 where the label is {@code label}, or any label > 0 when
	 * {@code label} is null (BraTS whole tumour, LiTS liver with tumour), 0 elsewhere; same size and geometry.
	 */
	public static ImageData binary(ImageData labels, Integer label) {
		if (label != null && label < 1) throw new LabelFitException("the foreground label must be 1 or more, got " + label);
		float[][] planes = Images.floatPlanes(labels.pixels());
		List<float[]> out = new ArrayList<>();
		for (float[] plane : planes) {
			float[] b = new float[plane.length];
			for (int i = 0; i < plane.length; i++) {
				float v = plane[i];
				if (v != Math.rint(v) || v < 0)
					throw new LabelFitException(labels.name() + ": label value " + v + " is not a whole number 0 or more");
				b[i] = (label == null ? v > 0 : v == label) ? 1 : 0;
			}
			out.add(b);
		}
		long[] d = labels.dims();
		return new ImageData(Images.floatImg(out, (int) d[0], (int) d[1]), labels.spacing(), labels.nifti(), labels.name());
	}
}
