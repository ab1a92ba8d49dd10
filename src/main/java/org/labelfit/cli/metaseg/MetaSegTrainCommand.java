package org.labelfit.cli.metaseg;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LossCurveOption;
import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.cli.TerminalProgress;
import org.labelfit.cli.TrainingData;
import org.labelfit.LabelFitException;
import org.labelfit.commands.metaseg.MetaSegTrainRequest;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.train.LossHistory;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Meta-trains a MetaSeg model on image/label pairs and saves it as one .labelfit file.",
		"Images and labels are paired by file name after removing the suffixes; labels are whole numbers, 0 the background." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit metaseg train --images sample-data/train/images \\",
		"      --labels sample-data/train/labels --out phantom.labelfit \\",
		"      --class-names 'background,CSF,grey matter,white matter,deep grey matter'",
		"  labelfit metaseg train --images 'data/*_img.nii.gz' --image-suffix _img \\",
		"      --labels 'data/*_gt.nii.gz' --label-suffix _gt --size 192 \\",
		"      --outer-steps 2000 --out heart.labelfit --loss-curve heart-loss.png" })
public final class MetaSegTrainCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Mixin
	TrainingData data;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write, e.g. brain.labelfit.")
	Path out;

	@Option(names = "--config", paramLabel = "2d|2d-fine|3d",
		description = "Network: 2d (128×5), 2d-fine (512×4) or 3d (256×5). Default: ${DEFAULT-VALUE}.")
	String config = "2d";

	@Option(names = "--size", paramLabel = "N", description = "Side of the square grid 2D images are resized to. Default: ${DEFAULT-VALUE}.")
	int size = 128;

	@Option(names = "--outer-steps", paramLabel = "N", description = "Meta-training (outer) steps. Default: ${DEFAULT-VALUE}.")
	int outerSteps = 500;

	@Option(names = "--fit-steps", paramLabel = "T",
		description = "Inner fitting steps T; 0 uses the config's default. Default: ${DEFAULT-VALUE}.")
	int fitSteps;

	@Option(names = "--head-epochs", paramLabel = "N", description = "Epochs of the head retraining; default: the config's.")
	int headEpochs = -1;

	@Option(names = "--validate-every", paramLabel = "N",
		description = "Outer steps between validations on the held-out images; 0: the config's (50 in 2D, 100 in 3D).")
	int validateEvery;

	@Option(names = "--first-order", description = "First-order meta-gradients: faster, usually a little worse.")
	boolean firstOrder;

	@Option(names = "--seed", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
	long seed = 422;

	@Mixin
	DeviceOption device;

	@Option(names = "--overwrite", description = "Replace an existing model (and loss curve) file.")
	boolean overwrite;

	@Mixin
	LossCurveOption lossCurve;

	public MetaSegTrainCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		if (outerSteps < 1) throw new LabelFitException("--outer-steps must be at least 1, got " + outerSteps);
		if (fitSteps < 0) throw new LabelFitException("--fit-steps must not be negative, got " + fitSteps);
		data.check();
		lossCurve.check(out, overwrite);
		MetaSegTrainRequest request = new MetaSegTrainRequest(data.images, data.labels, data.imageSuffix, data.labelSuffix, out, config,
			data.classes, data.classNames == null ? null : String.join(",", data.classNames), size, outerSteps, fitSteps, firstOrder, seed,
			headEpochs, validateEvery, device.get(), overwrite, terminal.commandLine());
		LossHistory history = new LossHistory();
		MetaSegModel model;
		try (TerminalProgress progress = terminal.progress()) {
			model = request.train(progress, history);
		}
		terminal.out.println("Saved MetaSeg model to " + out + " (" + model.config().name() + ", " + model.config().classes() +
			" classes: " + String.join(", ", model.classNames()) + "; T = " + model.fitSteps() + ")");
		lossCurve.write(history, "MetaSeg training: " + out.getFileName(), terminal);
		return Main.OK;
	}
}
