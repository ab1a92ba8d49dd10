package org.labelfit.commands.ossnet;

import java.nio.file.Path;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.WeightsImportCommand;
import org.labelfit.ossnet.OssNet;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetModel;

/**
 * "OSS-Net Import Weights": a checkpoint of the official OSS-Net code (state dict as .safetensors or .npz, converted
 * once from the released .pt files as docs/ossnet.md shows) as a LabelFit model. The variant, channels and depth come
 * from the keys, the grid from the preset the latent width matches unless given.
 */
@Plugin(type = Command.class, label = LabelFitMacros.OSSNET_IMPORT, menuPath = "Plugins>LabelFit>OSS-Net>Import Weights...",
	headless = true, visible = false, description = "a state dict of the official OSS-Net (O-Net, A-D): encoder.*, decoder.*, " +
		"optionally patch_mapping.*; BatchNorm statistics included")
public class OssNetImportCommand extends WeightsImportCommand {

	@Parameter(label = "Grid (X,Y,Z; empty for the preset)", required = false, persist = false,
		description = "the padded full-resolution grid the weights were trained on, e.g. 128,128,64; empty: the BraTS or LiTS preset " +
			"whose latent width the weights have")
	private String grid = "";

	@Parameter(label = "Image channels (0: any)", min = "0", persist = false,
		description = "check that the network takes this many image channels (BraTS 4, LiTS 1); 0 does not check")
	private int channels;

	@Override
	protected String importWeights(Path weights, Path model, boolean overwrite, String macroCall) {
		OssNetModel m = OssNet.importWeights(weights, model, grid == null || grid.isBlank() ? null : OssNetConfig.Grid.parse(grid),
			channels == 0 ? null : channels, overwrite, macroCall);
		return String.format(Locale.ROOT, "%s, %,d parameters", m.config(), m.parameterCount());
	}
}
