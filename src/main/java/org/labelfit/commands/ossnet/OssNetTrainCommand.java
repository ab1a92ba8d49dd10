package org.labelfit.commands.ossnet;

import java.io.File;
import java.util.Locale;

import ij.IJ;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.commands.FijiProgress;
import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.MacroCall;
import org.labelfit.ossnet.Mise;
import org.labelfit.ossnet.OssNet;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetModel;
import org.labelfit.ossnet.OssNetPreset;
import org.labelfit.ossnet.OssNetTrainer;
import org.labelfit.ossnet.OssNetVariant;
import org.labelfit.ossnet.PointSampler;
import org.labelfit.train.CancelledException;

/**
 * "OSS-Net Train": trains an OSS-Net on labelled 3D volumes from disk, as {@code labelfit ossnet train} does with its
 * main options (the others at the official values). The model of the best validation score is written at each new
 * best; cancelling stops training and keeps that checkpoint.
 */
@Plugin(type = Command.class, label = LabelFitMacros.OSSNET_TRAIN, menuPath = "Plugins>LabelFit>OSS-Net>Train...", headless = true,
	visible = false, description = "images, labels: folders or globs of 3D volumes paired by name (4D NIfTI for several channels); " +
		"official runs: variant C, preset brats, border_fraction 0 (BraTS) or 0.5 (LiTS), 50 epochs")
public class OssNetTrainCommand extends ContextCommand {

	@Parameter(label = "Image volumes (folder or glob)", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "a folder or glob of 3D image volumes")
	private String images;

	@Parameter(label = "Label volumes (folder or glob, paired by name)", style = FileWidget.DIRECTORY_STYLE, persist = false,
		description = "a folder or glob of label volumes, paired with the images by name")
	private String labels;

	@Parameter(label = "Image name suffix", required = false, persist = false)
	private String image_suffix = "";

	@Parameter(label = "Label name suffix", required = false, persist = false)
	private String label_suffix = "";

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Variant", choices = { "C", "D", "A", "B", "onet" }, persist = false)
	private String variant = "C";

	@Parameter(label = "Preset (channels, depth, grid)", choices = { "none", "brats", "lits" }, persist = false)
	private String preset = "none";

	@Parameter(label = "Grid X,Y,Z (blank: the preset's, else the smallest holding every volume)", required = false, persist = false)
	private String grid = "";

	@Parameter(label = "Encoder blocks (0: the preset's, else " + OssNet.DEFAULT_BLOCKS + ")", min = "0", persist = false)
	private int encoder_blocks;

	@Parameter(label = "Foreground label (0: any label > 0)", min = "0", persist = false)
	private int label;

	@Parameter(label = "Epochs (official: 50)", min = "1", persist = false)
	private int epochs = 50;

	@Parameter(label = "Points per volume and step (official: 16384)", min = "1", persist = false)
	private int points = PointSampler.DEFAULT_POINTS;

	@Parameter(label = "Share of points near the border (BraTS 0, LiTS 0.5)", min = "0", max = "1", persist = false)
	private double border_fraction = 0.5;

	@Parameter(label = "Volumes per step (official: 8 BraTS, 4 LiTS)", min = "1", max = "64", persist = false)
	private int batch = 2;

	@Parameter(label = "Share of volumes held out for validation", min = "0", max = "1", persist = false)
	private double validation_fraction = 0.1;

	// not "validation_points": ImageJ would read points= out of it
	@Parameter(label = "Uniform points per validation volume", min = "1", persist = false)
	private int validation_samples = OssNetTrainer.VALIDATION_POINTS;

	@Parameter(label = "Random seed", persist = false)
	private long seed = 42;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Overwrite an existing model", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file")
	private File model_file;

	@Override
	public void run() {
		OssNetTrainer.Settings settings = new OssNetTrainer.Settings(epochs, points, border_fraction, batch, OssNetTrainer.LEARNING_RATE,
			OssNetTrainer.PADE_LEARNING_RATE, OssNetTrainer.MILESTONES, OssNetTrainer.VALIDATE_EVERY, validation_samples,
			OssNetTrainer.Selection.POINT_IOU, Mise.Inference.MISE, true, seed, device, MacroCall.of(this));
		OssNet.Shape shape = new OssNet.Shape(OssNetVariant.of(variant), "none".equals(preset) ? null : OssNetPreset.of(preset),
			grid == null || grid.isBlank() ? null : OssNetConfig.Grid.parse(grid), encoder_blocks == 0 ? null : encoder_blocks);
		OssNet.TrainingFiles files = new OssNet.TrainingFiles(images, labels, blankToNull(image_suffix), blankToNull(label_suffix),
			label == 0 ? null : label, validation_fraction);
		try {
			FijiProgress.train(LabelFitMacros.OSSNET_TRAIN, this::isCanceled, "OSS-Net training", (progress, history) -> {
				OssNetModel m = OssNet.train(files, shape, settings, model.toPath(), overwrite, progress, history);
				IJ.log(String.format(Locale.ROOT, "LabelFit: model saved to %s (OSS-Net %s; best at epoch %s: points IoU %.4f, dense Dice %.4f)", model,
					m.config(), m.provenance().get("best_epoch"), (double) m.provenance().get("best_point_iou"),
					(double) m.provenance().get("best_dense_dice")));
			});
			model_file = model;
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}
}
