package org.labelfit.unet;

import java.util.Arrays;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.image.Normalization;
import org.labelfit.io.ImageData;

/**
 * A volume as the 3D U-Net sees it: z-scored over the whole volume (mean and unbiased standard deviation, background
 * included, as OSS-Net), values and labels in C order (z, y, x), so a (1, 1, Z, Y, X) tensor reads them directly.
 *
 * @param size   x, y, z sides
 * @param labels class per voxel, or null when unlabelled
 */
public record UNetVolume(String name, int[] size, float[] values, short[] labels) {

	/** Every label value becomes its own class (multi-class). */
	public static final String ALL_LABELS = "all";
	/** Any label > 0 is the foreground (binary), as OSS-Net's default. */
	public static final String ANY_LABEL = "any";

	public UNetVolume {
		size = size.clone();
		if ((long) size[0] * size[1] * size[2] != values.length || (labels != null && labels.length != values.length))
			throw new IllegalArgumentException(values.length + " values for a volume of " + UNetModel.patchText(size));
	}

	@Override
	public int[] size() {
		return size.clone();
	}

	/** An image volume, z-scored, without labels; a 2D image is refused. */
	public static UNetVolume of(ImageData image) {
		if (image.numDimensions() != 3) throw new LabelFitException(image.name() + " is a 2D image; the 3D U-Net segments volumes");
		Images.requireFinite(image.pixels());
		int[] size = Arrays.stream(image.dims()).mapToInt(Math::toIntExact).toArray();
		float[][] planes = Normalization.zScored(Images.floatPlanes(image.pixels()));
		int plane = size[0] * size[1];
		float[] values = new float[Math.multiplyExact(plane, size[2])];
		for (int z = 0; z < size[2]; z++) System.arraycopy(planes[z], 0, values, z * plane, plane);
		return new UNetVolume(image.name(), size, values, null);
	}

	/**
	 * A training volume with its targets: {@code label} is {@link #ALL_LABELS} (classes are the label values),
	 * {@link #ANY_LABEL} (1 where the label is > 0) or a label value L ≥ 1 (1 where the label is L).
	 */
	public static UNetVolume of(ImageData image, ImageData labels, String label) {
		UNetVolume v = of(image);
		if (!Arrays.equals(image.dims(), labels.dims()))
			throw new LabelFitException("labels " + labels.name() + " (" + Arrays.toString(labels.dims()) + ") do not match image " +
				image.name() + " (" + Arrays.toString(image.dims()) + ")");
		int foreground = foreground(label);
		short[][] planes = labels.labelPlanes();
		int plane = v.size[0] * v.size[1];
		short[] target = new short[v.values.length];
		for (int z = 0; z < planes.length; z++)
			for (int i = 0; i < plane; i++) {
				int l = planes[z][i] & 0xffff;
				target[z * plane + i] = (short) (foreground < 0 ? l : foreground == 0 ? (l > 0 ? 1 : 0) : (l == foreground ? 1 : 0));
			}
		return new UNetVolume(v.name, v.size, v.values, target);
	}

	/** −1 for all labels, 0 for any label > 0, else the label value; fails on anything else. */
	static int foreground(String label) {
		if (ALL_LABELS.equals(label)) return -1;
		if (label == null || ANY_LABEL.equals(label)) return 0;
		try {
			int l = Integer.parseInt(label);
			if (l >= 1 && l <= 65535) return l;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new LabelFitException("--label must be 'any', 'all' or a label value from 1 to 65535, got '" + label + "'");
	}

	/**
	 * Copies the x, y, z-sided box at {@code corner} (x, y, z; may reach outside, where values and labels are 0) into
	 * {@code x} at {@code xOffset} (z, y, x order) and, when {@code y} is not null, its one-hot labels (class, z, y, x)
	 * at {@code yOffset}.
	 */
	void crop(int[] corner, int[] box, float[] x, int xOffset, float[] y, int yOffset, int classes) {
		int boxVoxels = box[0] * box[1] * box[2];
		for (int k = 0; k < box[2]; k++) {
			int z = corner[2] + k;
			for (int j = 0; j < box[1]; j++) {
				int yy = corner[1] + j;
				for (int i = 0; i < box[0]; i++) {
					int xx = corner[0] + i, to = (k * box[1] + j) * box[0] + i;
					boolean inside = z >= 0 && z < size[2] && yy >= 0 && yy < size[1] && xx >= 0 && xx < size[0];
					int from = inside ? (z * size[1] + yy) * size[0] + xx : -1;
					x[xOffset + to] = inside ? values[from] : 0;
					if (y != null) y[yOffset + (inside ? labels[from] : 0) * boxVoxels + to] = 1;
				}
			}
		}
	}

	/** Fails unless every label is below {@code classes}. */
	void requireLabelsBelow(int classes) {
		for (short l : labels)
			if ((l & 0xffff) >= classes)
				throw new LabelFitException(name + " has label " + (l & 0xffff) + ", but the model has only " + classes + " classes");
	}

	/** The number of classes its labels need: the largest label + 1. */
	int classCount() {
		int max = 0;
		for (short l : labels) max = Math.max(max, l & 0xffff);
		return max + 1;
	}
}
