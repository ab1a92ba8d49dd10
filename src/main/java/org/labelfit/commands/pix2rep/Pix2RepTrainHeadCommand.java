package org.labelfit.commands.pix2rep;

import java.io.File;

import ij.IJ;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.LabelFitException;
import org.labelfit.commands.FijiProgress;
import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.MacroCall;
import org.labelfit.pix2rep.MeanTeacher;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepHeadTrainer;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.train.CancelledException;

/**
 * "Pix2Rep Train Head": a segmentation head on a pretrained Pix2Rep backbone from a few labels: label files, an open
 * label stack, or ROIs and line scribbles drawn on open images (unlabelled pixels ignored). Probe (default): the
 * backbone frozen, its features of open images kept for the session, so retraining after adding scribbles takes
 * seconds. Cancelling stops training; a checkpoint already written stays.
 */
@Plugin(type = Command.class, label = LabelFitMacros.PIX2REP_TRAIN_HEAD, menuPath = "Plugins>LabelFit>Pix2Rep>Train Head...", headless = true,
	visible = false, description = "labels_from: files (image_files, label_files), stacks (image_stack, label_stack) or rois (roi_images: " +
		"ROIs and line scribbles, a set named background is label 0). crop: blank = the pretrained model's, selection = the rectangle " +
		"drawn on the image, or X,Y,W,H")
public class Pix2RepTrainHeadCommand extends ContextCommand {

	@Parameter(label = "Pretrained Pix2Rep model", style = FileWidget.OPEN_STYLE, required = false, persist = false,
		description = "a pretrained Pix2Rep model (.labelfit); not needed with from_scratch")
	private File pretrained;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Labels from", choices = { "rois", "stacks", "files" }, persist = false)
	private String labels_from = "rois";

	@Parameter(label = "Images with ROIs or scribbles (titles, comma-separated)", required = false, persist = false)
	private String roi_images = "";

	@Parameter(label = "Image stack (title)", required = false, persist = false)
	private String image_stack = "";

	@Parameter(label = "Label stack (title)", required = false, persist = false)
	private String label_stack = "";

	@Parameter(label = "Image files (file, folder or glob)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private String image_files = "";

	@Parameter(label = "Label files (file, folder or glob)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private String label_files = "";

	@Parameter(label = "Image name suffix", required = false, persist = false)
	private String image_suffix = "";

	@Parameter(label = "Label name suffix", required = false, persist = false)
	private String label_suffix = "";

	@Parameter(label = "Label value of unlabelled pixels (-1 = none)", min = "-1", max = "65535", persist = false)
	private int ignore_label = -1;

	@Parameter(label = "Mode", choices = { "probe", "finetune" }, persist = false)
	private String mode = "probe";

	@Parameter(label = "From scratch (random backbone, fine-tune recipe)", persist = false)
	private boolean from_scratch;

	@Parameter(label = "Mean Teacher on unlabelled images (finetune or from scratch)", persist = false,
		description = "adds the Mean Teacher consistency loss (EMA teacher 0.99, weight 0.1, 40-epoch ramp-up) on the unlabelled images")
	private boolean mean_teacher;

	@Parameter(label = "Unlabelled images for Mean Teacher (file, folder or glob)", style = FileWidget.DIRECTORY_STYLE, required = false,
		persist = false)
	private String unlabelled = "";

	@Parameter(label = "Channels of the first level (from scratch)", min = "1", max = "512", persist = false)
	private int width = Pix2RepConfig.DEFAULT_WIDTH;

	@Parameter(label = "Features per pixel (from scratch)", min = "1", max = "8192", persist = false)
	private int features = Pix2RepConfig.DEFAULT_FEATURES;

	@Parameter(label = "Grid size (from scratch; else the pretrained model's)", min = "32", max = "1024", persist = false)
	private int size = Pix2Rep.SIZE;

	@Parameter(label = "Epochs (paper: 200)", min = "1", persist = false)
	private int epochs = 200;

	@Parameter(label = "Slices per batch", min = "1", max = "1024", persist = false)
	private int batch = Pix2RepHeadTrainer.BATCH;

	@Parameter(label = "Classes with background (0 = from the labels)", min = "0", persist = false)
	private int classes;

	@Parameter(label = "Class names, background first (blank = the ROI names or defaults)", required = false, persist = false)
	private String class_names = "";

	@Parameter(label = "Head learning rate (0 = probe 7.6e-3, else 1e-2)", min = "0", persist = false)
	private double head_learning_rate;

	@Parameter(label = "Backbone learning rate (0 = 5e-5)", min = "0", persist = false)
	private double backbone_learning_rate;

	@Parameter(label = "Resize", choices = { Pix2RepTrainHeadRequest.DEFAULT, "bilinear", "nearest" }, persist = false)
	private String interpolation = Pix2RepTrainHeadRequest.DEFAULT;

	@Parameter(label = "Crop: blank, selection or X,Y,W,H", required = false, persist = false)
	private String crop = "";

	@Parameter(label = "Random seed", persist = false)
	private long seed = 42;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Overwrite an existing model", persist = false)
	private boolean overwrite;

	@Parameter(label = "Intensity augmentation", choices = { "auto", "on", "off" }, persist = false,
		description = "The pretraining's intensity pipeline on training slices; auto: on when the backbone trains, off for the probe")
	private String intensity_augmentation = "auto";

	@Parameter(type = ItemIO.OUTPUT, label = "Model file")
	private File model_file;

	@Override
	public void run() {
		if (pretrained == null && !from_scratch)
			throw new LabelFitException("pretrained= is required: a pretrained Pix2Rep model (or tick from_scratch)");
		Pix2RepHeadTrainer.Request head = new Pix2RepHeadTrainer.Request(pretrained == null ? null : pretrained.getPath(), "", "", null, null,
			Pix2RepHeadTrainer.Mode.of(mode), from_scratch, width, features, size, epochs, batch, classes,
			Pix2RepTrainHeadRequest.names(class_names), ignore_label < 0 ? null : ignore_label, head_learning_rate, backbone_learning_rate, null,
			seed, device, MacroCall.of(this), meanTeacher(), Pix2RepHeadTrainer.Request.intensityAugmentation(intensity_augmentation));
		Pix2RepTrainHeadRequest r = new Pix2RepTrainHeadRequest(labels_from, image_files, label_files, image_suffix, label_suffix, image_stack,
			label_stack, roi_images, crop == null ? "" : crop, interpolation, head, model, overwrite);
		try {
			FijiProgress.train(LabelFitMacros.PIX2REP_TRAIN_HEAD, this::isCanceled, "Pix2Rep head training", (progress, history) -> {
				Pix2RepModel m = r.train(progress, history);
				IJ.log("LabelFit: model saved to " + model + " (Pix2Rep " + m.config() + ", " + m.provenance().get("mode") + ": " +
					String.join(", ", m.classNames()) + "; best validation loss " + m.provenance().get("best_validation_loss") + " at epoch " +
					m.provenance().get("best_epoch") + ")");
			});
			model_file = model;
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}

	/** The Mean Teacher settings (the command line's defaults), or null without it. */
	private MeanTeacher meanTeacher() {
		boolean images = unlabelled != null && !unlabelled.isBlank();
		if (images && !mean_teacher) throw new LabelFitException("unlabelled= is only read with mean_teacher");
		if (mean_teacher && !images) throw new LabelFitException("mean_teacher needs unlabelled= (a file, folder or glob of unlabelled images)");
		return mean_teacher ? MeanTeacher.of(unlabelled.trim()) : null;
	}
}
