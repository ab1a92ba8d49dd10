package org.labelfit.cli.pix2rep;

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
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepPretrainer;
import org.labelfit.train.LossHistory;

@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Self-supervised Pix2Rep pretraining on unlabelled 2D images or 3D volumes (all slices).",
		"Each image is clipped to its [1, 99] percentiles, rescaled to [0, 1] and resized to --size (bilinear). Two views " +
			"of each slice are augmented independently; view 2 is also rotated, zoomed and flipped, and the projected features " +
			"of view 1, warped the same way, must match those of view 2 pixel by pixel (NT-Xent over --pixels shared pixels, " +
			"or Barlow Twins with --loss barlow). A tenth of the slices is held out; the lowest validation loss is kept. " +
			"See docs/pix2rep.md for the sizes and their cost; the paper used --width 64 --features 1024." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit pix2rep pretrain --images scans/ --out pretrained.labelfit",
		"  labelfit pix2rep pretrain --images 'scans/*.nii.gz' --width 64 --features 1024 --epochs 200 --device gpu \\",
		"      --out paper-size.labelfit --loss-curve pretrain.png" })
public final class Pix2RepPretrainCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--images", arity = "1..*", paramLabel = "DIR|GLOB", description = "Unlabelled images: files, folders or globs.")
	List<String> images;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (checkpoints go there too).")
	Path out;

	@Option(names = "--width", paramLabel = "W", description = "Channels of the first level (paper: 64). Default: ${DEFAULT-VALUE}.")
	int width = Pix2RepConfig.DEFAULT_WIDTH;

	@Option(names = "--features", paramLabel = "F", description = "Features per pixel (paper: 1024). Default: ${DEFAULT-VALUE}.")
	int features = Pix2RepConfig.DEFAULT_FEATURES;

	@Option(names = "--loss", paramLabel = "infonce|barlow", description = "Pix2Rep (infonce) or Pix2Rep-v2 (barlow). Default: ${DEFAULT-VALUE}.")
	String loss = "infonce";

	@Option(names = "--epochs", paramLabel = "N", description = "Epochs (paper: 200). Default: ${DEFAULT-VALUE}.")
	int epochs = 200;

	@Option(names = "--batch", paramLabel = "B", description = "Slices per batch. Default: ${DEFAULT-VALUE}.")
	int batch = 8;

	@Option(names = "--pixels", paramLabel = "N", description = "Pixels sampled per batch. Default: ${DEFAULT-VALUE}.")
	int pixels = 1000;

	@Option(names = "--temperature", paramLabel = "T", description = "NT-Xent temperature. Default: ${DEFAULT-VALUE}.")
	double temperature = 0.53;

	@Option(names = "--learning-rate", paramLabel = "LR", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
	double learningRate = 4.7e-4;

	@Option(names = "--size", paramLabel = "N", description = "Square grid side, a multiple of 32. Default: ${DEFAULT-VALUE}.")
	int size = Pix2Rep.SIZE;

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

	public Pix2RepPretrainCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		Pix2RepPretrainer.Request request = new Pix2RepPretrainer.Request(images, width, features, Pix2RepPretrainer.Loss.of(loss), epochs, batch, pixels, temperature,
			learningRate, Pix2RepPretrainer.BARLOW_LAMBDA, size, seed, device.get(), terminal.commandLine(), preprocessing.interpolation(),
			preprocessing.crop());
		lossCurve.check(out, overwrite);
		LossHistory history = new LossHistory();
		Pix2RepModel model;
		try (TerminalProgress progress = terminal.progress()) {
			model = Pix2Rep.pretrain(request, out, overwrite, progress, history);
		}
		terminal.out.println("Saved Pix2Rep model to " + out + " (" + model.config() + ", best validation loss " +
			model.provenance().get("best_validation_loss") + " at epoch " + model.provenance().get("best_epoch") + ")");
		lossCurve.write(history, "Pix2Rep pretraining: " + out.getFileName(), terminal);
		return Main.OK;
	}
}
