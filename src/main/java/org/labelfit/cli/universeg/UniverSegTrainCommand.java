package org.labelfit.cli.universeg;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LossCurveOption;
import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.cli.TerminalProgress;
import org.labelfit.train.LossHistory;
import org.labelfit.commands.universeg.UniverSegTrainRequest;
import org.labelfit.universeg.UniverSegModel;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Trains a UniverSeg model from scratch by episodes over many segmentation tasks.",
		"Each --data folder holds images/ and labels/ paired by name; every label of every folder is one binary task. " +
			"Each step samples a task, a query and S support examples, augments them (task-level identically, in-task " +
			"independently) or generates a synthetic task, and takes one Adam step on soft Dice + BCE. The hyperparameters " +
			"are ours (the authors published none): see docs/universeg-training.md." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit universeg train --data tasks/brain tasks/heart --out my-universeg.labelfit",
		"  labelfit universeg train --data tasks/* --steps 20000 --support-size 16 --width 32 --size 64 \\",
		"      --synthetic-fraction 0.5 --out small.labelfit --loss-curve small-loss.png" })
public final class UniverSegTrainCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--data", arity = "1..*", paramLabel = "DIR", description = "Dataset folders with images/ and labels/.")
	List<String> data;

	@Option(names = "--image-suffix", paramLabel = "S", description = "Image names end with this before the extension (e.g. _img).")
	String imageSuffix;

	@Option(names = "--label-suffix", paramLabel = "S", description = "Label names end with this before the extension (e.g. _gt).")
	String labelSuffix;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (checkpoints go there too).")
	Path out;

	@Option(names = "--support-size", paramLabel = "S", description = "Support examples per episode. Default: ${DEFAULT-VALUE}.")
	int supportSize = 8;

	@Option(names = "--steps", paramLabel = "N", description = "Training steps, one episode each. Default: ${DEFAULT-VALUE}.")
	int steps = 2000;

	@Option(names = "--synthetic-fraction", paramLabel = "F", description = "Share of synthetic-task episodes. Default: ${DEFAULT-VALUE}.")
	double syntheticFraction = 0.25;

	@Option(names = "--width", paramLabel = "C", description = "Channels of every block (64 is v1). Default: ${DEFAULT-VALUE}.")
	int width = 64;

	@Option(names = "--size", paramLabel = "N", description = "Square grid side (v1: 128). Default: ${DEFAULT-VALUE}.")
	int size = 128;

	@Option(names = "--learning-rate", paramLabel = "LR", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
	double learningRate = 1e-4;

	@Option(names = "--checkpoint-every", paramLabel = "N",
		description = "Steps between checkpoints saved to --out (0: only at the end). Default: ${DEFAULT-VALUE}.")
	int checkpointEvery = 250;

	@Option(names = "--seed", paramLabel = "N", description = "Random seed. Default: ${DEFAULT-VALUE}.")
	long seed = 42;

	@Mixin
	DeviceOption device;

	@Option(names = "--overwrite", description = "Replace an existing model (and loss curve) file.")
	boolean overwrite;

	@Mixin
	LossCurveOption lossCurve;

	public UniverSegTrainCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		UniverSegTrainRequest request = new UniverSegTrainRequest(data == null ? List.of() : data, out, imageSuffix, labelSuffix, supportSize,
			steps, syntheticFraction, width, size, learningRate, checkpointEvery, seed, device.get(), overwrite, terminal.commandLine());
		lossCurve.check(out, overwrite);
		LossHistory history = new LossHistory();
		UniverSegModel model;
		try (TerminalProgress progress = terminal.progress()) {
			model = request.train(progress, history);
		}
		terminal.out.println("Saved UniverSeg model to " + out + " (" + model.config() + ", " + model.config().parameterCount() +
			" parameters, " + model.size() + "×" + model.size() + " grid)");
		lossCurve.write(history, "UniverSeg training: " + out.getFileName(), terminal);
		return Main.OK;
	}
}
