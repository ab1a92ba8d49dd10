package org.labelfit.cli.pix2rep;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
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
public final class Pix2RepImportCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Parameters(index = "0", paramLabel = "WEIGHTS", description = "The state dict: FILE.safetensors or FILE.npz.")
	Path weights;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model file to write (exactly this path).")
	Path out;

	@Option(names = "--overwrite", description = "Replace an existing model file.")
	boolean overwrite;

	public Pix2RepImportCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		Pix2RepModel model = Pix2Rep.importWeights(weights, out, overwrite, terminal.commandLine());
		terminal.out.println("wrote " + out + " (Pix2Rep " + model.config() + ", " + model.config().parameterCount() + " parameters)");
		return Main.OK;
	}
}
