package org.labelfit.ossnet;

import java.util.Locale;

import org.labelfit.LabelFitException;

/**
 * The shape of an OSS-Net (spec §2): variant, image channels, encoder depth and the padded full-resolution grid the
 * model works on. The encoder sees the ×2-downsampled grid; its residual blocks halve it {@code blocks} times, so
 * the latent grid is {@code grid / 2^(blocks + 1)} and the decoder's CBN layers take its voxel count as their
 * latent width. That is why a model carries its grid (spec pitfalls): another grid changes the latent size.
 *
 * @param blocks residual blocks of the encoder, of widths 128 / 2^(blocks - 1 - i): BraTS 4 (16 … 128), LiTS 5 (8 … 128)
 */
public record OssNetConfig(OssNetVariant variant, int channels, int blocks, Grid grid) {

	/** Channels of the last encoder block (official). */
	public static final int FINAL_WIDTH = 128;
	/** Residual CBN blocks and their width (official "wide" decoder). */
	public static final int DECODER_BLOCKS = 5, DECODER_WIDTH = 512;
	/** Patch side, and the per-point patch feature (7³). */
	public static final int PATCH = 7, PATCH_FEATURES = PATCH * PATCH * PATCH;
	/** The decoder's coordinate input: raw integer voxel indices (axis 0, 1, 2). */
	public static final int COORDINATES = 3;
	/** Kernels: 3³ in the residual blocks, 5³ in the side, final and segmentation mappings. */
	static final int BLOCK_KERNEL = 3, MAPPING_KERNEL = 5;
	/** Bounds on what a model file may ask for; the deepest encoder still has 2 channels in block 0. */
	public static final int MAX_CHANNELS = 16, MAX_BLOCKS = 7, MAX_GRID = 1024;

	/** A padded full-resolution grid, axes in array order. */
	public record Grid(int x, int y, int z) {

		public int[] toArray() {
			return new int[] { x, y, z };
		}

		public long voxels() {
			return (long) x * y * z;
		}

		Grid divide(int d) {
			return new Grid(x / d, y / d, z / d);
		}

		/** Parses {@code X,Y,Z}. */
		public static Grid parse(String text) {
			String[] parts = text == null ? new String[0] : text.trim().split("\\s*[,x×]\\s*");
			if (parts.length != 3) throw new LabelFitException("grid must be X,Y,Z, got '" + text + "'");
			try {
				return new Grid(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
			}
			catch (NumberFormatException e) {
				throw new LabelFitException("grid must be three whole numbers X,Y,Z, got '" + text + "'");
			}
		}

		@Override
		public String toString() {
			return x + "×" + y + "×" + z;
		}
	}

	public OssNetConfig {
		if (variant == null) throw new LabelFitException("OSS-Net variant missing");
		if (channels < 1 || channels > MAX_CHANNELS)
			throw new LabelFitException("OSS-Net image channels must be between 1 and " + MAX_CHANNELS + ", got " + channels);
		if (blocks < 1 || blocks > MAX_BLOCKS)
			throw new LabelFitException("OSS-Net encoder blocks must be between 1 and " + MAX_BLOCKS + ", got " + blocks);
		int divisor = 2 << blocks;
		for (int side : grid.toArray())
			if (side < divisor || side > MAX_GRID || side % divisor != 0)
				throw new LabelFitException(String.format(Locale.ROOT, "OSS-Net grid %s: every side must be a multiple of %d (the ×2 " +
					"downsampling times the encoder's stride %d) up to %d", grid, divisor, 1 << blocks, MAX_GRID));
	}

	/** The grid the encoder sees: the full-resolution grid downsampled ×2. */
	public Grid encoderGrid() {
		return grid.divide(2);
	}

	/** The encoder's output grid (BraTS 8×8×5, LiTS 8×8×8). */
	public Grid latentGrid() {
		return grid.divide(2 << blocks);
	}

	/** Features per latent channel: the latent grid's voxel count (BraTS 320, LiTS 512). */
	public int latentFeatures() {
		return (int) latentGrid().voxels();
	}

	/** Output channels of residual block {@code i}. */
	public int width(int i) {
		return FINAL_WIDTH >> (blocks - 1 - i);
	}

	/** Input channels of residual block {@code i}. */
	int blockInput(int i) {
		return i == 0 ? channels : width(i - 1);
	}

	/** Channels of all side outputs together (skip encoder: BraTS 120, LiTS 124). */
	int sideChannels() {
		int n = 0;
		for (int i = 0; i < blocks; i++) n += width(i) / 2;
		return n;
	}

	/** Patch channels per point: local, then large (0 for O-Net). */
	public int patchChannels() {
		return channels * variant.patchKinds();
	}

	/** Channels between the patch mapping's two convolutions. */
	int patchHidden() {
		return Math.max(patchChannels() / 2, 1);
	}

	/** Width of one point's decoder input: coordinates, patch feature, latent channel 0 (BraTS A–D: 666). */
	public int decoderInput() {
		return COORDINATES + (variant.localPatches() ? PATCH_FEATURES : 0) + latentFeatures();
	}

	public OssNetConfig withGrid(Grid g) {
		return new OssNetConfig(variant, channels, blocks, g);
	}

	@Override
	public String toString() {
		return variant.title() + ", " + channels + " channel" + (channels == 1 ? "" : "s") + ", " + blocks + " encoder blocks, grid " + grid;
	}
}
