package org.labelfit.commands.pix2rep;

import java.nio.file.Path;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.WeightsImportCommand;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepModel;

/**
 * "Pix2Rep Import Weights": a U-Net trained with the official Pix2Rep code (state dict as .safetensors or .npz, the
 * official keys, optionally a head {@code outc.conv.*}) as a LabelFit model; width, features and classes come from the
 * shapes. The weights are read only after the output is checked.
 */
@Plugin(type = Command.class, label = LabelFitMacros.PIX2REP_IMPORT, menuPath = "Plugins>LabelFit>Pix2Rep>Import Weights...",
	headless = true, visible = false, description = "a state dict of the official Pix2Rep U-Net: inc.*, down1-5.*, up1-5.* (BatchNorm " +
		"statistics included), optionally outc.conv.weight/bias")
public class Pix2RepImportCommand extends WeightsImportCommand {

	@Override
	protected String importWeights(Path weights, Path model, boolean overwrite, String macroCall) {
		Pix2RepModel m = Pix2Rep.importWeights(weights, model, overwrite, macroCall);
		return "Pix2Rep " + m.config() + ", " + m.config().parameterCount() + " parameters";
	}
}
