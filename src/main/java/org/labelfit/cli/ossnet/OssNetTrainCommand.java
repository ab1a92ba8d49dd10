package org.labelfit.cli.ossnet;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LossCurveOption;
import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.cli.TerminalProgress;
import org.labelfit.ossnet.Mise;
import org.labelfit.ossnet.OssNet;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetModel;
import org.labelfit.ossnet.OssNetPreset;
import org.labelfit.ossnet.OssNetTrainer;
import org.labelfit.ossnet.OssNetVariant;
import org.labelfit.ossnet.PointSampler;
import org.labelfit.train.LossHistory;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Trains an OSS-Net on labelled 3D volumes (binary: --label L, or any label > 0).",
		"Each channel is z-scored and the volume padded (centred) to the grid. Per step and volume the official " +
			"augmentations (flip, brightness, noise; p 0.5 each) are drawn, then --points points, --border-fraction of them " +
			"within 6 voxels of the label boundary; loss: BCE on the points (+ 0.1 x the low-resolution loss for C and D). " +
			"Lookahead(5, 0.8) around RAdam, lr 3e-4 (PAU coefficients 1e-2), divided by 10 at the milestone epochs. A tenth " +
			"of the volumes is held out: every --validate-every epochs, IoU and Dice on sampled points (the official numbers) " +
			"and Dice of the dense segmentation (comparable with other methods); the best model by --select-by is kept. " +
			"The official runs: --variant C --preset brats --border-fraction 0 (BraTS) or 0.5 (LiTS), 50 epochs." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit ossnet train --images brats/images/ --labels brats/labels/ --preset brats --variant C --border-fraction 0 \\",
		"      --out ossnet-c.labelfit --loss-curve ossnet-c.png",
		"  labelfit ossnet train --images 'ct/*.nii.gz' --labels masks/ --label 1 --grid 128,128,64 --encoder-blocks 3 --out liver.labelfit" })
public final class OssNetTrainCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--images", required = true, paramLabel = "DIR|GLOB",
		description = "Image volumes: a folder or a glob; 4D NIfTI for several channels (last axis = channel).")
	String images;

	@Option(names = "--labels", required = true, paramLabel = "DIR|GLOB", description = "Label volumes, paired with the images by name.")
	String labels;

	@Option(names = "--image-suffix", paramLabel = "S", description = "Image names end with this before the extension (e.g. _img).")
	String imageSuffix;

	@Option(names = "--label-suffix", paramLabel = "S", description = "Label names end with this before the extension (e.g. _seg).")
	String labelSuffix;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (the best so far is saved there as training goes).")
	Path out;

	@Option(names = "--variant", paramLabel = "onet|A|B|C|D", description = "Network (README names; official config names work too). Default: ${DEFAULT-VALUE}.")
	String variant = "C";

	@Option(names = "--preset", paramLabel = "brats|lits", description = "Channels, encoder depth and grid of a published set-up.")
	String preset;

	@Option(names = "--grid", paramLabel = "X,Y,Z", description = "Padded grid (default: the preset's, else the smallest that holds every volume).")
	String grid;

	@Option(names = "--encoder-blocks", paramLabel = "N", description = "Encoder residual blocks (default: the preset's, else " + OssNet.DEFAULT_BLOCKS +
		"); grid sides must be multiples of 2^(N+1).")
	Integer blocks;

	@Option(names = "--label", paramLabel = "L", description = "Foreground label value (default: any label > 0).")
	Integer label;

	@Option(names = "--epochs", paramLabel = "N", description = "Epochs (official: 50). Default: ${DEFAULT-VALUE}.")
	int epochs = 50;

	@Option(names = "--points", paramLabel = "N", description = "Points per volume and step (official: 16384). Default: ${DEFAULT-VALUE}.")
	int points = PointSampler.DEFAULT_POINTS;

	@Option(names = "--border-fraction", paramLabel = "F",
		description = "Share of points from the border map (official: 0 for BraTS, 0.5 for LiTS). Default: ${DEFAULT-VALUE}.")
	double borderFraction = 0.5;

	@Option(names = "--batch", paramLabel = "N", description = "Volumes per step (official: 8 BraTS, 4 LiTS). Default: ${DEFAULT-VALUE}.")
	int batch = 2;

	@Option(names = "--learning-rate", paramLabel = "LR", description = "RAdam learning rate. Default: ${DEFAULT-VALUE}.")
	double learningRate = OssNetTrainer.LEARNING_RATE;

	@Option(names = "--pade-learning-rate", paramLabel = "LR", description = "Learning rate of the PAU coefficients. Default: ${DEFAULT-VALUE}.")
	double padeLearningRate = OssNetTrainer.PADE_LEARNING_RATE;

	@Option(names = "--milestones", split = ",", paramLabel = "E1,E2", description = "Epochs where the learning rates drop 10x. Default: 20,30.")
	List<Integer> milestones = List.of(20, 30);

	@Option(names = "--validate-every", paramLabel = "N", description = "Validate every N epochs (and after the last). Default: ${DEFAULT-VALUE}.")
	int validateEvery = OssNetTrainer.VALIDATE_EVERY;

	@Option(names = "--validation-points", paramLabel = "N", description = "Uniform points per validation volume. Default: ${DEFAULT-VALUE}.")
	int validationPoints = OssNetTrainer.VALIDATION_POINTS;

	@Option(names = "--validation-fraction", paramLabel = "F", description = "Share of volumes held out (at least one). Default: ${DEFAULT-VALUE}.")
	double validationFraction = 0.1;

	@Option(names = "--select-by", paramLabel = "point-iou|dense-dice",
		description = "Validation score that picks the kept model (official: point-iou). Default: ${DEFAULT-VALUE}.")
	String selectBy = "point-iou";

	@Option(names = "--validation-inference", paramLabel = "mise|mise-optimised|dense",
		description = "How the validation volumes are segmented for their Dice (mise-optimised: C and D only). Default: ${DEFAULT-VALUE}.")
	String validationInference = "mise";

	@Option(names = "--max-seconds", paramLabel = "S", description = "Wall-clock budget: the epoch that crosses it is validated and " +
		"training ends there (0: none; for comparisons at equal training time). Default: ${DEFAULT-VALUE}.")
	double maxSeconds = 0;

	@Option(names = "--no-augmentation", description = "Train without the official augmentations.")
	boolean noAugmentation;

	@Option(names = "--seed", paramLabel = "S", description = "Random seed (weights, sampling, augmentation, split). Default: ${DEFAULT-VALUE}.")
	long seed = 42;

	@Mixin
	DeviceOption device;

	@Option(names = "--overwrite", description = "Replace an existing model (and loss curve) file.")
	boolean overwrite;

	@Mixin
	LossCurveOption lossCurve;

	public OssNetTrainCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		OssNetTrainer.Settings settings = new OssNetTrainer.Settings(epochs, points, borderFraction, batch, learningRate, padeLearningRate,
			milestones.stream().mapToInt(Integer::intValue).toArray(), validateEvery, validationPoints, OssNetTrainer.Selection.of(selectBy),
			Mise.Inference.of(validationInference), !noAugmentation, seed, device.get(), terminal.commandLine(), maxSeconds);
		OssNet.Shape shape = new OssNet.Shape(OssNetVariant.of(variant), preset == null ? null : OssNetPreset.of(preset),
			grid == null ? null : OssNetConfig.Grid.parse(grid), blocks);
		OssNet.TrainingFiles files = new OssNet.TrainingFiles(images, labels, imageSuffix, labelSuffix, label, validationFraction);
		lossCurve.check(out, overwrite);
		LossHistory history = new LossHistory();
		OssNetModel model;
		try (TerminalProgress progress = terminal.progress()) {
			model = OssNet.train(files, shape, settings, out, overwrite, progress, history);
		}
		terminal.out.println(String.format(Locale.ROOT, "Saved OSS-Net model to %s (%s; best at epoch %s: points IoU %.4f, dense Dice %.4f)", out,
			model.config(), model.provenance().get("best_epoch"), (double) model.provenance().get("best_point_iou"),
			(double) model.provenance().get("best_dense_dice")));
		lossCurve.write(history, "OSS-Net training: " + out.getFileName(), terminal);
		return Main.OK;
	}
}
