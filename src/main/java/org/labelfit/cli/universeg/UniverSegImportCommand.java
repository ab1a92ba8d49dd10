package org.labelfit.cli.universeg;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
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
public final class UniverSegImportCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Parameters(index = "0", paramLabel = "WEIGHTS", description = "The state dict: FILE.safetensors or FILE.npz.")
	Path weights;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model file to write (exactly this path).")
	Path out;

	@Option(names = "--overwrite", description = "Replace an existing model file.")
	boolean overwrite;

	public UniverSegImportCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		UniverSegModel model = UniverSeg.importWeights(weights, out, overwrite, terminal.commandLine());
		terminal.out.println("wrote " + out + " (UniverSeg " + model.config() + ", " + model.config().parameterCount() + " parameters; " +
			"licence: research use only)");
		return Main.OK;
	}
}
