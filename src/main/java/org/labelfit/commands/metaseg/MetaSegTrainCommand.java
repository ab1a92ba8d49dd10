package org.labelfit.commands.metaseg;

import java.io.File;

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
import org.labelfit.train.CancelledException;

/** "MetaSeg Train": meta-trains a MetaSeg model on image/label pairs. Cancelling stops training and writes nothing. */
@Plugin(type = Command.class, label = LabelFitMacros.TRAIN, menuPath = "Plugins>LabelFit>MetaSeg>Train...", headless = true,
	visible = false, description = "images, labels: a folder or a glob such as /data/*_img.tif; classes 0 and fit_steps 0 mean automatic")
public class MetaSegTrainCommand extends ContextCommand {

	@Parameter(label = "Training images (folder or glob)", style = FileWidget.DIRECTORY_STYLE,
		description = "a folder or a glob of training images", persist = false)
	private String images;

	@Parameter(label = "Label images (folder or glob)", style = FileWidget.DIRECTORY_STYLE,
		description = "a folder or a glob of label images", persist = false)
	private String labels;

	@Parameter(label = "Image name suffix", required = false, persist = false)
	private String image_suffix = "";

	@Parameter(label = "Label name suffix", required = false, persist = false)
	private String label_suffix = "";

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Configuration", choices = { "2d", "2d-fine", "3d" }, persist = false)
	private String config = "2d";

	@Parameter(label = "Classes incl. background (0 = from the labels)", min = "0", persist = false)
	private int classes;

	@Parameter(label = "Class names (comma-separated, background first)", required = false, persist = false)
	private String class_names = "";

	@Parameter(label = "Grid size (2D)", min = "8", max = "1024", persist = false)
	private int size = 128;

	@Parameter(label = "Meta-training steps", min = "1", persist = false)
	private int outer_steps = 500;

	@Parameter(label = "Fitting steps T (0 = default)", min = "0", persist = false)
	private int fit_steps;

	@Parameter(label = "First-order meta-gradients", persist = false)
	private boolean first_order;

	@Parameter(label = "Random seed", persist = false)
	private long seed = 422;

	@Parameter(label = "Head retraining epochs (-1 = default)", min = "-1", persist = false)
	private int head_epochs = -1;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Overwrite an existing model", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file")
	private File model_file;

	@Override
	public void run() {
		MetaSegTrainRequest r = new MetaSegTrainRequest(images, labels, image_suffix, label_suffix, model.toPath(), config, classes, class_names,
			size, outer_steps, fit_steps, first_order, seed, head_epochs, 0, device, overwrite, MacroCall.of(this));
		try {
			FijiProgress.train(LabelFitMacros.TRAIN, this::isCanceled, "MetaSeg training", r::train);
			model_file = model;
			IJ.log("LabelFit: model saved to " + model);
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
