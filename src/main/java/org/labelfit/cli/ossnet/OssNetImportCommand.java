package org.labelfit.cli.ossnet;

import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.labelfit.cli.Terminal;
import org.labelfit.cli.WeightsImportCommand;
import org.labelfit.ossnet.OssNet;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetModel;

@Command(name = "import-weights", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Turns a checkpoint of the official OSS-Net code into a LabelFit model.",
		"Reads a state dict saved as .safetensors or .npz under the official key names (convert the released .pt files " +
			"once with the Python line in docs/ossnet.md). The variant (onet, A-D), the image channels and the encoder depth " +
			"follow from the keys; the grid is the BraTS (256,256,160) or LiTS (512,512,512) preset the latent width matches, " +
			"or --grid for weights trained on another grid. The model records the file's SHA-256 and what is known of the " +
			"checkpoints' licence (code MIT; checkpoints unstated)." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit ossnet import-weights oss_net_c_bra_ts.npz --out ossnet-c-brats.labelfit",
		"  labelfit ossnet import-weights own.safetensors --grid 128,128,64 --channels 1 --out own.labelfit" })
public final class OssNetImportCommand extends WeightsImportCommand {

	@Option(names = "--grid", paramLabel = "X,Y,Z", description = "The padded full-resolution grid the weights were trained on " +
		"(default: the preset their latent width matches).")
	String grid;

	@Option(names = "--channels", paramLabel = "C", description = "Check that the network takes C image channels.")
	Integer channels;

	public OssNetImportCommand(Terminal terminal) {
		super(terminal);
	}

	@Override
	protected String importWeights(Path weights, Path out, boolean overwrite, String commandLine) {
		OssNetModel model = OssNet.importWeights(weights, out, grid == null ? null : OssNetConfig.Grid.parse(grid), channels, overwrite, commandLine);
		return String.format(Locale.ROOT, "%s, %,d parameters", model.config(), model.parameterCount());
	}
}
