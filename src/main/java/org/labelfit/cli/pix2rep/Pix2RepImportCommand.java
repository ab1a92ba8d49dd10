package org.labelfit.cli.pix2rep;

import java.nio.file.Path;

import picocli.CommandLine.Command;

import org.labelfit.cli.Terminal;
import org.labelfit.cli.WeightsImportCommand;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepModel;

@Command(name = "import-weights", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Turns a U-Net trained with the official Pix2Rep code into a LabelFit model.",
		"Reads a state dict saved as .safetensors or .npz with the official keys (inc.*, down1-5.*, up1-5.*, BatchNorm " +
			"statistics included) and optionally a head outc.conv.weight/bias. Width, features and classes are read from " +
			"the shapes. No trained weights are published; the model records the file's SHA-256." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit pix2rep import-weights unet_cl.safetensors --out pix2rep.labelfit",
		"  labelfit pix2rep import-weights finetuned.npz --out acdc.labelfit --overwrite" })
public final class Pix2RepImportCommand extends WeightsImportCommand {

	public Pix2RepImportCommand(Terminal terminal) {
		super(terminal);
	}

	@Override
	protected String importWeights(Path weights, Path out, boolean overwrite, String commandLine) {
		Pix2RepModel model = Pix2Rep.importWeights(weights, out, overwrite, commandLine);
		return "Pix2Rep " + model.config() + ", " + model.config().parameterCount() + " parameters";
	}
}
