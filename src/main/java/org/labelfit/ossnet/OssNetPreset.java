package org.labelfit.ossnet;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/** The two published set-ups (spec §3): their channels, encoder depth and padded grid, and the label they segment. */
public enum OssNetPreset {

	/** BraTS 2020: [FLAIR, T1, T1ce, T2], 240×240×155 padded to 256×256×160, encoder at 128×128×80, latent 8×8×5. */
	BRATS("brats", 4, 4, new OssNetConfig.Grid(256, 256, 160), "whole tumour"),
	/** LiTS: one CT channel resized to 512³, encoder at 256³, latent 8×8×8. */
	LITS("lits", 1, 5, new OssNetConfig.Grid(512, 512, 512), "liver");

	private final String id, foreground;
	private final int channels, blocks;
	private final OssNetConfig.Grid grid;

	OssNetPreset(String id, int channels, int blocks, OssNetConfig.Grid grid, String foreground) {
		this.id = id;
		this.channels = channels;
		this.blocks = blocks;
		this.grid = grid;
		this.foreground = foreground;
	}

	public String id() {
		return id;
	}

	/** The class the published models segment (label > 0). */
	public String foreground() {
		return foreground;
	}

	public OssNetConfig config(OssNetVariant variant) {
		return new OssNetConfig(variant, channels, blocks, grid);
	}

	/** The preset whose network these are: same channels, depth and latent width, or null. */
	static OssNetPreset matching(int channels, int blocks, int latentFeatures) {
		for (OssNetPreset p : values())
			if (p.channels == channels && p.blocks == blocks && p.config(OssNetVariant.ONET).latentFeatures() == latentFeatures) return p;
		return null;
	}

	public static OssNetPreset of(String name) {
		for (OssNetPreset p : values())
			if (p.id.equalsIgnoreCase(name == null ? "" : name.trim())) return p;
		throw new LabelFitException("unknown OSS-Net preset '" + Quoted.of(name) + "' (expected brats or lits)");
	}
}
