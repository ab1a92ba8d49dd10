package org.labelfit.ossnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.image.Normalization;
import org.labelfit.io.ImageData;

/**
 * A multi-channel volume prepared for an OSS-Net (spec §3, §7.5–7.6): each channel z-scored over the whole input
 * volume (mean and PyTorch's unbiased standard deviation, background included), then placed on the model's grid —
 * per axis, centred zero padding where the input is not larger (BraTS 240×240×155 → 256×256×160: 8/8, 8/8, 3/2), or
 * linear resampling (align_corners = false) where it is (LiTS-style resizing). The padded zeros come after the
 * normalisation, as in the official code.
 * <p>
 * {@code values} are (C, X, Y, Z) in C order, axis 0 = the input's x (NIfTI order), so a point's integer
 * coordinates (the decoder's input) index it directly. {@link #back} puts a grid segmentation on the input's own grid
 * (the crop of the padding, nearest along resampled axes); {@link #target} puts a label volume on the grid.
 *
 * @param input the input's size (x, y, z)
 * @param name the input's name, for messages
 */
public record OssNetVolume(float[] values, int channels, OssNetConfig.Grid grid, int[] input, String name) {

	public OssNetVolume {
		if ((long) channels * grid.voxels() != values.length)
			throw new IllegalArgumentException(values.length + " values for " + channels + " channels of " + grid);
		input = input.clone();
	}

	@Override
	public int[] input() {
		return input.clone();
	}

	/**
	 * Normalises and places {@code channels} (3D volumes of one size, in the model's channel order) on the grid of
	 * {@code config}; {@code log} is told when an axis is resampled or a channel is constant.
	 */
	public static OssNetVolume of(List<ImageData> channels, OssNetConfig config, Consumer<String> log) {
		ImageData first = channels.get(0);
		String name = first.name();
		if (first.numDimensions() != 3) throw new LabelFitException(name + " is a 2D image; OSS-Net segments 3D volumes");
		if (channels.size() != config.channels())
			throw new LabelFitException(name + " has " + channels.size() + " channel" + (channels.size() == 1 ? "" : "s") + ", the model takes " +
				config.channels() + (config.channels() > 1 ? " (give a 4D NIfTI, last axis = channel, or a hyperstack)" : ""));
		int[] size = Arrays.stream(first.dims()).mapToInt(Math::toIntExact).toArray();
		for (ImageData c : channels)
			if (!Arrays.equals(c.dims(), first.dims())) throw new LabelFitException(name + ": its channels differ in size");
		OssNetConfig.Grid grid = config.grid();
		Placement placement = new Placement(size, grid.toArray());
		String resampled = placement.resampledAxes();
		if (!resampled.isEmpty())
			log.accept(String.format(Locale.ROOT, "%s: %s is larger than the model's grid %s along %s: resampled (linear) to it, the " +
				"labels come back nearest", name, sizeText(size), grid, resampled));
		float[] values = new float[Math.toIntExact(channels.size() * grid.voxels())];
		for (int c = 0; c < channels.size(); c++) {
			ImageData channel = channels.get(c);
			Images.requireFinite(channel.pixels());
			float[][] planes = Images.floatPlanes(channel.pixels());
			if (!(Normalization.meanAndStd(planes)[1] > 0)) log.accept(name + ": channel " + (c + 1) + " is constant; it is all zeros after z-scoring");
			placement.toGrid(Normalization.zScored(planes), true, values, (int) (c * grid.voxels()));
		}
		return new OssNetVolume(values, channels.size(), grid, size, name);
	}

	/** The volume as a (1, C, X, Y, Z) tensor on {@code manager}'s device. */
	public NDArray tensor(NDManager manager) {
		return manager.create(values, new Shape(1, channels, grid.x(), grid.y(), grid.z()));
	}

	/** The decoder patches of points (N × 3 grid coordinates) for {@code config}: (N, Cp, 7, 7, 7) in C order (spec §7.7). */
	public float[] patches(int[] coordinates, OssNetConfig config, Patches.Pooling pooling) {
		return Patches.extract(values, channels, grid, coordinates, config.variant().largePatches(), pooling);
	}

	/**
	 * A label volume of the input's size as a 0/1 target on the grid, (X, Y, Z) in C order: {@link OssNetImages#binary}
	 * ({@code label}, or any label > 0 when null), zero padding, nearest along resampled axes.
	 */
	public byte[] target(ImageData labels, Integer label) {
		if (!Arrays.equals(Arrays.stream(labels.dims()).mapToInt(Math::toIntExact).toArray(), input))
			throw new LabelFitException("labels " + labels.name() + " (" + sizeText(labels.dims()) + ") do not match image " + name + " (" +
				sizeText(input) + ")");
		float[] onGrid = new float[Math.toIntExact(grid.voxels())];
		new Placement(input, grid.toArray()).toGrid(Images.floatPlanes(OssNetImages.binary(labels, label).pixels()), false, onGrid, 0);
		byte[] out = new byte[onGrid.length];
		for (int i = 0; i < out.length; i++) out[i] = (byte) (onGrid[i] > 0.5f ? 1 : 0);
		return out;
	}

	/** A grid segmentation (X, Y, Z in C order, 0 or 1) as labels on the input's own grid (x fastest, one plane per z). */
	public Img<UnsignedShortType> back(byte[] occupancy) {
		if (occupancy.length != grid.voxels()) throw new IllegalArgumentException(occupancy.length + " voxels for the grid " + grid);
		int[][] from = new Placement(input, grid.toArray()).fromGrid();
		int nx = input[0], ny = input[1], gy = grid.y(), gz = grid.z();
		List<short[]> planes = new ArrayList<>();
		for (int z = 0; z < input[2]; z++) {
			short[] plane = new short[nx * ny];
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) plane[y * nx + x] = occupancy[(from[0][x] * gy + from[1][y]) * gz + from[2][z]];
			planes.add(plane);
		}
		return Images.labelImg(planes, nx, ny);
	}

	private static String sizeText(int[] size) {
		return size[0] + "×" + size[1] + "×" + size[2];
	}

	private static String sizeText(long[] size) {
		return sizeText(Arrays.stream(size).mapToInt(Math::toIntExact).toArray());
	}

	/**
	 * How each input axis maps onto the grid: centred padding (before = ⌈(G − n) / 2⌉, as the official F.pad) when
	 * n ≤ G, else resampling.
	 */
	record Placement(int[] input, int[] grid) {

		static final String AXES = "xyz";

		String resampledAxes() {
			StringBuilder s = new StringBuilder();
			for (int a = 0; a < 3; a++) if (input[a] > grid[a]) s.append(s.isEmpty() ? "" : ", ").append(AXES.charAt(a));
			return s.toString();
		}

		/** Padding before the input along axis {@code a} (0 for a resampled axis). */
		int before(int a) {
			return input[a] > grid[a] ? 0 : (grid[a] - input[a] + 1) / 2;
		}

		/**
		 * Along one axis, grid index g reads input {@code index[0][g]} with weight 1 − w and {@code index[1][g]} with
		 * weight w = {@code weight[g]}; index −1 is padding. Linear: PyTorch's align_corners = false source
		 * (g + ½)·n/G − ½, clamped at 0; nearest: PyTorch's ⌊g·n/G⌋.
		 */
		private record Taps(int[][] index, float[] weight) {}

		private Taps taps(int a, boolean linear) {
			int n = input[a], g = grid[a], off = before(a);
			int[][] index = new int[2][g];
			float[] weight = new float[g];
			for (int i = 0; i < g; i++) {
				if (n <= g) {
					int s = i - off;
					index[0][i] = index[1][i] = s >= 0 && s < n ? s : -1;
				}
				else if (linear) {
					double src = Math.max((i + 0.5) * n / g - 0.5, 0);
					int i0 = Math.min((int) src, n - 1);
					index[0][i] = i0;
					index[1][i] = Math.min(i0 + 1, n - 1);
					weight[i] = (float) (src - i0);
				}
				else index[0][i] = index[1][i] = (int) Math.min((long) i * n / g, n - 1);
			}
			return new Taps(index, weight);
		}

		/** Writes planes (one per z, index y·X + x) onto the grid, C order, at {@code out[offset …]}. */
		void toGrid(float[][] planes, boolean linear, float[] out, int offset) {
			Taps tx = taps(0, linear), ty = taps(1, linear), tz = taps(2, linear);
			int nx = input[0], gy = grid[1], gz = grid[2];
			for (int x = 0; x < grid[0]; x++)
				for (int y = 0; y < gy; y++)
					for (int z = 0; z < gz; z++) {
						double v = 0;
						for (int a = 0; a < 2; a++) {
							int ix = tx.index[a][x];
							float wx = a == 0 ? 1 - tx.weight[x] : tx.weight[x];
							if (ix < 0 || wx == 0) continue;
							for (int b = 0; b < 2; b++) {
								int iy = ty.index[b][y];
								float wy = b == 0 ? 1 - ty.weight[y] : ty.weight[y];
								if (iy < 0 || wy == 0) continue;
								for (int c = 0; c < 2; c++) {
									int iz = tz.index[c][z];
									float wz = c == 0 ? 1 - tz.weight[z] : tz.weight[z];
									if (iz < 0 || wz == 0) continue;
									v += (double) wx * wy * wz * planes[iz][iy * nx + ix];
								}
							}
						}
						out[offset + (x * gy + y) * gz + z] = (float) v;
					}
		}

		/** For each input index along each axis, the grid index it is read back from: the padding's crop, or the nearest grid voxel centre. */
		int[][] fromGrid() {
			int[][] out = new int[3][];
			for (int a = 0; a < 3; a++) {
				int n = input[a], g = grid[a], off = before(a);
				out[a] = new int[n];
				for (int i = 0; i < n; i++) out[a][i] = n <= g ? i + off : (int) Math.min((long) (2 * i + 1) * g / (2L * n), g - 1);
			}
			return out;
		}
	}
}
