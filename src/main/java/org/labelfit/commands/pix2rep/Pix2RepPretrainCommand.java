package org.labelfit.commands.pix2rep;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

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
import org.labelfit.io.ImageFiles;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepPreprocessing;
import org.labelfit.pix2rep.Pix2RepPretrainer;
import org.labelfit.train.CancelledException;

/**
 * "Pix2Rep Pretrain": self-supervised pretraining on unlabelled images, from files ({@code images}) or, when none
 * are given, from the open image or stack ({@code input}, all its slices), preprocessed alike. The model (the
 * checkpoint of the lowest validation loss, written at each new best) is the backbone a head is trained on later.
 * Cancelling stops training; a checkpoint already written stays.
 */
@Plugin(type = Command.class, label = LabelFitMacros.PIX2REP_PRETRAIN, menuPath = "Plugins>LabelFit>Pix2Rep>Pretrain...", headless = true,
	visible = false, description = "images: a file, folder or glob of unlabelled 2D images or 3D volumes (all slices); blank: the open " +
		"image or stack. The paper's size is width 64, features 1024 (docs/pix2rep.md: cost)")
public class Pix2RepPretrainCommand extends ContextCommand {

	@Parameter(label = "Image or stack (when no files are given)", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "Or unlabelled images from disk (file, folder or glob)", style = FileWidget.DIRECTORY_STYLE, required = false,
		persist = false)
	private String images = "";

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Channels of the first level (paper: 64)", min = "1", max = "512", persist = false)
	private int width = Pix2RepConfig.DEFAULT_WIDTH;

	@Parameter(label = "Features per pixel (paper: 1024)", min = "1", max = "8192", persist = false)
	private int features = Pix2RepConfig.DEFAULT_FEATURES;

	@Parameter(label = "Loss: Pix2Rep (infonce) or Pix2Rep-v2 (barlow)", choices = { "infonce", "barlow" }, persist = false)
	private String loss = "infonce";

	@Parameter(label = "Epochs (paper: 200)", min = "1", persist = false)
	private int epochs = 200;

	@Parameter(label = "Slices per batch", min = "1", max = "1024", persist = false)
	private int batch = 8;

	@Parameter(label = "Pixels sampled per batch", min = "1", persist = false)
	private int pixels = 1000;

	@Parameter(label = "NT-Xent temperature", persist = false)
	private double temperature = 0.53;

	@Parameter(label = "Learning rate (Adam)", persist = false)
	private double learning_rate = 4.7e-4;

	@Parameter(label = "Grid size (a multiple of 32)", min = "32", max = "1024", persist = false)
	private int size = Pix2Rep.SIZE;

	@Parameter(label = "Resize", choices = { "bilinear", "nearest" }, persist = false)
	private String interpolation = "bilinear";

	@Parameter(label = "Crop: blank, selection or X,Y,W,H", required = false, persist = false,
		description = "a fixed crop of every slice before preprocessing, stored in the model: blank for none, selection for the " +
			"rectangle drawn on the open image, or X,Y,W,H in pixels or % of the side (e.g. 10%,10%,65%,65%)")
	private String crop = "";

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
		boolean files = images != null && !images.isBlank();
		if (!files && input == null)
			throw new LabelFitException("no images: give images= (a file, folder or glob of unlabelled images) or open an image or stack");
		Pix2RepPretrainer.Request r = new Pix2RepPretrainer.Request(List.of(files ? images.trim() : "open image " + input.getTitle()), width,
			features, Pix2RepPretrainer.Loss.of(loss), epochs, batch, pixels, temperature, learning_rate, Pix2RepPretrainer.BARLOW_LAMBDA, size, seed,
			device, MacroCall.of(this), Pix2RepPreprocessing.Interpolation.of(interpolation), window(files));
		Path out = model.toPath();
		try {
			FijiProgress.train(LabelFitMacros.PIX2REP_PRETRAIN, this::isCanceled, "Pix2Rep pretraining", (progress, history) -> {
				Pix2RepModel m = files ? Pix2Rep.pretrain(r, out, overwrite, progress, history)
					: Pix2Rep.pretrain(r, List.of(ImageFiles.toImageData(input, input.getTitle())), out, overwrite, progress, history);
				IJ.log("LabelFit: model saved to " + model + " (Pix2Rep " + m.config() + ", best validation loss " +
					m.provenance().get("best_validation_loss") + " at epoch " + m.provenance().get("best_epoch") + ")");
			});
			model_file = model;
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}

	/** The crop asked for, or null for none; a selection needs the open image. */
	private Pix2RepPreprocessing.Crop window(boolean files) {
		if (crop == null || crop.isBlank()) return null;
		if (!Pix2RepTrainHeadRequest.SELECTION.equalsIgnoreCase(crop.trim())) return Pix2RepPreprocessing.Crop.parse(crop);
		if (files || input == null) throw new LabelFitException("crop=selection needs the open image (images= blank); give files a crop X,Y,W,H");
		return Pix2RepTrainHeadRequest.selection(input);
	}
}
