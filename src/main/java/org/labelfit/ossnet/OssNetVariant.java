package org.labelfit.ossnet;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/**
 * The five networks of the README's Table 1 (spec §1): the README/paper name, the official {@code --network_config}
 * and what it is made of. The official code names them differently from the paper; both are accepted.
 */
public enum OssNetVariant {

	ONET("onet", "O-Net", "vanilla_o_net_wide", false, 0),
	A("A", "OSS-Net A", "A", false, 1),
	B("B", "OSS-Net B", "B", false, 2),
	C("C", "OSS-Net C", "full", true, 1),
	D("D", "OSS-Net D", "full2", true, 2);

	private final String id, title, official;
	private final boolean skipEncoder;
	private final int patchKinds;

	OssNetVariant(String id, String title, String official, boolean skipEncoder, int patchKinds) {
		this.id = id;
		this.title = title;
		this.official = official;
		this.skipEncoder = skipEncoder;
		this.patchKinds = patchKinds;
	}

	/** {@code onet}, {@code A} … {@code D}: what the command line and model.json say. */
	public String id() {
		return id;
	}

	/** The README's name, e.g. "OSS-Net C". */
	public String title() {
		return title;
	}

	/** The official {@code --network_config} value. */
	public String official() {
		return official;
	}

	/** {@code ConvolutionalEncoderSkip}: side outputs, 6 latent channels and a low-resolution segmentation. */
	public boolean skipEncoder() {
		return skipEncoder;
	}

	/** Latent channels the encoder gives: 1, or the 5 decoder blocks + 1 with the skip encoder. */
	public int latentChannels() {
		return skipEncoder ? OssNetConfig.DECODER_BLOCKS + 1 : 1;
	}

	/** Whether the decoder sees local 7³ patches. */
	public boolean localPatches() {
		return patchKinds > 0;
	}

	/** Whether it also sees the large 14³ window pooled to 7³ (B and D). */
	public boolean largePatches() {
		return patchKinds > 1;
	}

	/** Patch channels per image channel: 0, 1 (local) or 2 (local + large). */
	public int patchKinds() {
		return patchKinds;
	}

	/** Parses {@code onet}, {@code a} … {@code d} (any case) or an official config name. */
	public static OssNetVariant of(String name) {
		String n = name == null ? "" : name.trim();
		for (OssNetVariant v : values())
			if (v.id.equalsIgnoreCase(n) || v.official.equalsIgnoreCase(n) || v.title.equalsIgnoreCase(n)) return v;
		throw new LabelFitException("unknown OSS-Net variant '" + Quoted.of(n) + "' (expected " +
			Arrays.stream(values()).map(OssNetVariant::id).collect(Collectors.joining(", ")) + ")");
	}

	/** The variant of an encoder kind and a patch kind count. */
	static OssNetVariant of(boolean skipEncoder, int patchKinds) {
		for (OssNetVariant v : values())
			if (v.skipEncoder == skipEncoder && v.patchKinds == patchKinds) return v;
		throw new LabelFitException("no OSS-Net variant has " + (skipEncoder ? "a skip encoder" : "a plain encoder") + " and " +
			(patchKinds == 0 ? "no patches" : patchKinds + " patch kinds"));
	}
}
