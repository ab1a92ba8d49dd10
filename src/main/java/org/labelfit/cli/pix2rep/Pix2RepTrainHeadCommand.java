package org.labelfit.cli.pix2rep;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;
import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LossCurveOption;
import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.cli.TerminalProgress;
import org.labelfit.cli.TrainingData;
import org.labelfit.pix2rep.MeanTeacher;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepHeadTrainer;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.train.LossHistory;

@Command(name = "train-head", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Trains a segmentation head on a pretrained Pix2Rep backbone from a few labelled images (or scribbles).",
		"--mode probe (default) freezes the backbone and trains only the 1x1 convolution on features computed once " +
			"(Adam 7.6e-3); --mode finetune also trains the backbone (Adam 5e-5, head 1e-2, early stopping). --from-scratch " +
			"trains the same architecture from random weights with the fine-tune recipe (the paper's supervised baseline). " +
			"Loss: soft Dice with softmax, background included; pixels labelled --ignore-label are ignored. A tenth of the " +
			"labelled slices is held out; the lowest validation loss is kept.",
		"--mean-teacher (with --mode finetune or --from-scratch) adds Mean Teacher consistency on the --unlabelled images: " +
			"an EMA teacher (decay 0.99) and an MSE between student and teacher softmax on noisy unlabelled slices, weight " +
			"0.1 ramped up over the first --ramp-up-epochs." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit pix2rep train-head --model pretrained.labelfit --images scans/ --labels masks/ --out heart.labelfit",
		"  labelfit pix2rep train-head --model pretrained.labelfit --images scans/ --labels scribbles/ --ignore-label 255 \\",
		"      --classes 4 --class-names background,RV,MYO,LV --mode finetune --out heart.labelfit --loss-curve head.png",
		"  labelfit pix2rep train-head --model pretrained.labelfit --images scans/ --labels masks/ --mode finetune \\",
		"      --mean-teacher --unlabelled 'all-scans/*.nii' --out heart-mt.labelfit" })
public final class Pix2RepTrainHeadCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--model", paramLabel = "PRETRAINED", description = "Pretrained Pix2Rep model (not needed with --from-scratch).")
	String model;

	@Mixin
	TrainingData data;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (checkpoints go there too).")
	Path out;

	@Option(names = "--mode", paramLabel = "probe|finetune", description = "Linear probe or fine-tuning. Default: ${DEFAULT-VALUE}.")
	String mode = "probe";

	@Option(names = "--from-scratch", description = "Random initialisation, fine-tune recipe (ignores --model and --mode).")
	boolean fromScratch;

	@Option(names = "--width", paramLabel = "W", description = "Backbone width, only with --from-scratch. Default: ${DEFAULT-VALUE}.")
	int width = Pix2RepConfig.DEFAULT_WIDTH;

	@Option(names = "--features", paramLabel = "F", description = "Features per pixel, only with --from-scratch. Default: ${DEFAULT-VALUE}.")
	int features = Pix2RepConfig.DEFAULT_FEATURES;

	@Option(names = "--size", paramLabel = "N", description = "Grid side, only with --from-scratch (else the model's). Default: ${DEFAULT-VALUE}.")
	int size = Pix2Rep.SIZE;

	@Option(names = "--epochs", paramLabel = "N", description = "Epochs (paper: 200). Default: ${DEFAULT-VALUE}.")
	int epochs = 200;

	@Option(names = "--batch", paramLabel = "B", description = "Slices per batch. Default: ${DEFAULT-VALUE}.")
	int batch = Pix2RepHeadTrainer.BATCH;

	@Option(names = "--ignore-label", paramLabel = "V", description = "Label-file value of unlabelled pixels (ignored by the loss).")
	Integer ignoreLabel;

	@Option(names = "--learning-rate", paramLabel = "LR",
		description = "Head learning rate (default: probe 7.6e-3, fine-tune 1e-2; the paper's probe used 1e-2).")
	double learningRate;

	@Option(names = "--backbone-learning-rate", paramLabel = "LR", description = "Backbone learning rate when it trains. Default: 5e-5.")
	double backboneLearningRate;

	@Option(names = "--mean-teacher", description = "Mean Teacher fine-tuning on the --unlabelled images (not with --mode probe).")
	boolean meanTeacher;

	@Option(names = "--unlabelled", paramLabel = "DIR|GLOB", description = "Unlabelled images for --mean-teacher (file, folder or glob).")
	String unlabelled;

	@Option(names = "--ema-decay", paramLabel = "A", description = "Teacher EMA decay. Default: ${DEFAULT-VALUE}.")
	double emaDecay = MeanTeacher.DEFAULT_EMA_DECAY;

	@Option(names = "--consistency-weight", paramLabel = "W", description = "Consistency weight once ramped up. Default: ${DEFAULT-VALUE}.")
	double consistencyWeight = MeanTeacher.DEFAULT_WEIGHT;

	@Option(names = "--ramp-up-epochs", paramLabel = "N", description = "Epochs of the consistency ramp-up exp(-5(1-t)^2). Default: ${DEFAULT-VALUE}.")
	int rampUpEpochs = MeanTeacher.DEFAULT_RAMP_UP_EPOCHS;

	@Option(names = "--intensity-augmentation", paramLabel = "auto|on|off", description = "The pretraining's intensity pipeline on " +
		"training slices (spec 4.1); auto: on when the backbone trains, off for the probe (its features are then cached). " +
		"Default: ${DEFAULT-VALUE}.")
	String intensityAugmentation = "auto";

	@Mixin
	PreprocessingOptions preprocessing;

	@Option(names = "--seed", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
	long seed = 42;

	@Mixin
	DeviceOption device;

	@Option(names = "--overwrite", description = "Replace an existing model (and loss curve) file.")
	boolean overwrite;

	@Mixin
	LossCurveOption lossCurve;

	public Pix2RepTrainHeadCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		data.check();
		if (unlabelled != null && !meanTeacher) throw new LabelFitException("--unlabelled is only read with --mean-teacher");
		Pix2RepHeadTrainer.Request request = new Pix2RepHeadTrainer.Request(model, data.images, data.labels, data.imageSuffix, data.labelSuffix,
			Pix2RepHeadTrainer.Mode.of(mode), fromScratch, width, features, size, epochs, batch, data.classes, data.classNames, ignoreLabel,
			learningRate, backboneLearningRate, preprocessing.get(size), seed, device.get(), terminal.commandLine(),
			meanTeacher ? new MeanTeacher(unlabelled, emaDecay, consistencyWeight, rampUpEpochs) : null,
			Pix2RepHeadTrainer.Request.intensityAugmentation(intensityAugmentation));
		lossCurve.check(out, overwrite);
		LossHistory history = new LossHistory();
		Pix2RepModel trained;
		try (TerminalProgress progress = terminal.progress()) {
			trained = Pix2Rep.trainHead(request, out, overwrite, progress, history);
		}
		terminal.out.println("Saved Pix2Rep model to " + out + " (" + trained.config() + ": " + String.join(", ", trained.classNames()) +
			"; best validation loss " + trained.provenance().get("best_validation_loss") + " at epoch " + trained.provenance().get("best_epoch") + ")");
		lossCurve.write(history, "Pix2Rep " + request.recipe() + ": " + out.getFileName(), terminal);
		return Main.OK;
	}
}
