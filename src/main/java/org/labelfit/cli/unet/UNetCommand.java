package org.labelfit.cli.unet;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;
import org.labelfit.cli.BatchRun;
import org.labelfit.cli.CommandGroup;
import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LabelTargets;
import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.cli.TerminalProgress;
import org.labelfit.cli.TrainingData;
import org.labelfit.unet.UNetBaseline;
import org.labelfit.unet.UNetBatch;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetTrainer;

@Command(name = "unet", mixinStandardHelpOptions = true,
	description = "Train the supervised U-Net baseline (Buda et al.) and label images with it.",
	subcommands = { UNetCommand.Train.class, UNetCommand.Label.class }, footerHeading = "%nExamples:%n",
	footer = { "  labelfit unet train --images data/train/images --labels data/train/labels \\", "      --out brain-unet.labelfit",
		"  labelfit unet label --model brain-unet.labelfit --input data/test/images \\", "      --output labels/" })
public final class UNetCommand extends CommandGroup {

	@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Trains a U-Net from scratch on image/label pairs and saves it as one .labelfit file.",
			"Images are preprocessed exactly as for MetaSeg (min-max, zero-pad to square, resize to --size; volumes give their labelled slices).",
			"Loss: cross-entropy + soft Dice; optimiser: Adam." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit unet train --images sample-data/train/images \\",
			"      --labels sample-data/train/labels --out phantom-unet.labelfit --epochs 100",
			"  labelfit unet train --images 'data/*_img.nii.gz' --image-suffix _img \\",
			"      --labels 'data/*_gt.nii.gz' --label-suffix _gt --max-seconds 3600 --out heart-unet.labelfit",
			"  labelfit unet train --dims 3 --images 'brats/*_flair.nii.gz' --image-suffix _flair \\",
			"      --labels 'brats/*_seg.nii.gz' --label-suffix _seg --patch 64,64,32 --max-seconds 3600 --out brats-unet3d.labelfit" })
	public static final class Train implements Callable<Integer> {

		/** CPU-friendly 3D defaults: 8 base features (1.4M parameters at depth 4), two patches a step. */
		private static final int FEATURES_2D = 32, FEATURES_3D = 8, BATCH_3D = 2;

		private final Terminal terminal;

		@Mixin
		TrainingData data;

		@Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write, e.g. brain-unet.labelfit.")
		Path out;

		@Option(names = "--dims", paramLabel = "2|3",
			description = "2: a 2D U-Net on resized slices; 3: a 3D U-Net on random patches of whole volumes, labelling volumes by " +
				"sliding windows. Default: ${DEFAULT-VALUE}.")
		int dims = 2;

		@Option(names = "--size", paramLabel = "N",
			description = "2D: side of the square grid images are resized to, a multiple of 16. Default: ${DEFAULT-VALUE}.")
		int size = 128;

		@Option(names = "--patch", split = ",", paramLabel = "X,Y,Z",
			description = "3D: training and labelling patch sides, multiples of 2^depth. Default: 64,64,32.")
		int[] patch = { 64, 64, 32 };

		@Option(names = "--label", paramLabel = "L",
			description = "3D: foreground label value (binary), 'any' (binary, any label > 0) or 'all' (every label a class). Default: any.")
		String label;

		@Option(names = "--depth", paramLabel = "N", description = "Levels of the U-Net (pooling steps). Default: ${DEFAULT-VALUE}.")
		int depth = 4;

		@Option(names = "--features", paramLabel = "N",
			description = "Base features of the U-Net (32, the 2D default, is the Buda et al. baseline, 7.76M parameters; 3D default 8).")
		Integer features;

		@Option(names = "--epochs", paramLabel = "N", description = "Passes over the training slices. Default: ${DEFAULT-VALUE}.")
		int epochs = UNetTrainer.Settings.defaults().epochs();

		@Option(names = "--max-seconds", paramLabel = "S", description = "Stop after this much training time; 0 for no limit. Default: ${DEFAULT-VALUE}.")
		double maxSeconds;

		@Option(names = "--batch", paramLabel = "B", description = "Slices (3D: patches) per training step. Default: 8 (3D: 2).")
		Integer batch;

		@Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
		float lr = UNetTrainer.Settings.defaults().learningRate();

		@Option(names = "--flips", description = "Augment with random horizontal and vertical flips.")
		boolean flips;

		@Option(names = "--seed", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
		long seed = UNetTrainer.Settings.defaults().seed();

		@Mixin
		DeviceOption device;

		@Option(names = "--overwrite", description = "Replace an existing model file.")
		boolean overwrite;

		public Train(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (dims != 2 && dims != 3) throw new LabelFitException("--dims must be 2 or 3, got " + dims);
			if (dims == 3 && flips) throw new LabelFitException("--flips is for 2D U-Nets");
			if (dims == 2 && label != null) throw new LabelFitException("--label is for 3D U-Nets (2D U-Nets learn every label)");
			UNetTrainer.Settings settings = new UNetTrainer.Settings(epochs, maxSeconds,
				batch != null ? batch : dims == 3 ? BATCH_3D : UNetTrainer.Settings.defaults().batchSize(), lr, seed, flips);
			data.check();
			UNetModel model;
			try (TerminalProgress progress = terminal.progress()) {
				if (dims == 3) {
					if (patch.length != 3) throw new LabelFitException("--patch takes three sides X,Y,Z, got " + patch.length);
					model = UNetBaseline.train3d(new UNetBaseline.Train3dRequest(data.images, data.labels, data.imageSuffix, data.labelSuffix,
						label, data.classes, data.classNames, depth, features != null ? features : FEATURES_3D, patch, settings, device.get(),
						terminal.commandLine()), out, overwrite, progress);
				}
				else model = UNetBaseline.train(new UNetBaseline.TrainRequest(data.images, data.labels, data.imageSuffix, data.labelSuffix,
					data.classes, data.classNames, size, depth, features != null ? features : FEATURES_2D, settings, device.get(),
					terminal.commandLine()), out, overwrite, progress);
			}
			terminal.out.println(String.format("Saved U-Net model to %s (%,d parameters, %d classes: %s)", out, model.config().parameterCount(),
				model.config().classes(), String.join(", ", model.classNames())));
			return Main.OK;
		}
	}

	@Command(name = "label", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Labels images with a U-Net model: a 2D model labels 3D volumes slice by slice, a 3D model whole (sliding windows).",
			"Each input <name> gives <name>_labels.tif (NIfTI inputs give <name>_labels.nii.gz or .nii, keeping their geometry)." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit unet label --model brain-unet.labelfit --input scans/ --output labels/",
			"  labelfit unet label --model brain-unet.labelfit --input scan.tif --output scan_labels.tif" })
	public static final class Label implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--model", required = true, paramLabel = "MODEL", description = "A U-Net .labelfit model file.")
		Path model;

		@Mixin
		LabelTargets targets;

		@Mixin
		DeviceOption device;

		public Label(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			return BatchRun.run(terminal, targets.job(new UNetBatch(), model, device.get()));
		}
	}
}
