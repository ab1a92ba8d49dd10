package org.labelfit.cli.universeg;

import java.nio.file.Path;

import picocli.CommandLine.Command;

import org.labelfit.cli.Terminal;
import org.labelfit.cli.WeightsImportCommand;
import org.labelfit.universeg.UniverSeg;
import org.labelfit.universeg.UniverSegModel;

@Command(name = "import-weights", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Turns the official UniverSeg v1 weights into a LabelFit model.",
		"Reads a state dict saved as .safetensors or .npz under the official key names (convert the released .pt file once " +
			"with the Python line in the README). The weights are licensed for research use only (OpenRAIL++-M); the model " +
			"records that licence and the file's SHA-256." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit universeg import-weights universeg_v1.safetensors --out universeg.labelfit",
		"  labelfit universeg import-weights universeg_v1.npz --out universeg.labelfit --overwrite" })
public final class UniverSegImportCommand extends WeightsImportCommand {

	public UniverSegImportCommand(Terminal terminal) {
		super(terminal);
	}

	@Override
	protected String importWeights(Path weights, Path out, boolean overwrite, String commandLine) {
		UniverSegModel model = UniverSeg.importWeights(weights, out, overwrite, commandLine);
		return "UniverSeg " + model.config() + ", " + model.config().parameterCount() + " parameters; licence: research use only";
	}
}
