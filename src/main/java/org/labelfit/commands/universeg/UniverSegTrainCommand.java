package org.labelfit.commands.universeg;

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
import org.labelfit.train.CancelledException;

/** "UniverSeg Train": trains a UniverSeg model from scratch. Cancelling stops training. */
@Plugin(type = Command.class, label = LabelFitMacros.UNIVERSEG_TRAIN, menuPath = "Plugins>LabelFit>UniverSeg>Train...", headless = true,
	visible = false, description = "data: dataset folders separated by semicolons, each holding images/ and labels/ paired by name")
public class UniverSegTrainCommand extends ContextCommand {

	// not required: with synthetic_fraction=1 there is no data to read
	@Parameter(label = "Dataset folders with images/ and labels/ (separated by ;)", required = false, persist = false)
	private String data;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Image name suffix", required = false, persist = false)
	private String image_suffix = "";

	@Parameter(label = "Label name suffix", required = false, persist = false)
	private String label_suffix = "";

	@Parameter(label = "Support size S per episode", min = "1", max = "256", persist = false)
	private int support_size = 8;

	@Parameter(label = "Training steps", min = "1", persist = false)
	private int steps = 2000;

	@Parameter(label = "Share of synthetic tasks", min = "0", max = "1", persist = false)
	private double synthetic_fraction = 0.25;

	@Parameter(label = "Channels per block (v1: 64)", min = "1", max = "1024", persist = false)
	private int width = 64;

	// not "size": ImageJ would read size= out of support_size=
	@Parameter(label = "Grid size (v1: 128)", min = "8", max = "1024", persist = false)
	private int grid_size = 128;

	@Parameter(label = "Learning rate", persist = false)
	private double learning_rate = 1e-4;

	@Parameter(label = "Steps between checkpoints (0 = end only)", min = "0", persist = false)
	private int checkpoint_every = 250;

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
		// the macro's own words for what the trainer calls "no training data"
		if (UniverSegTrainRequest.folders(data).isEmpty() && synthetic_fraction < 1)
			throw new LabelFitException("data= is required: one or more dataset folders with images/ and labels/, separated by semicolons");
		UniverSegTrainRequest r = new UniverSegTrainRequest(UniverSegTrainRequest.folders(data), model.toPath(), image_suffix, label_suffix,
			support_size, steps, synthetic_fraction, width, grid_size, learning_rate, checkpoint_every, seed, device, overwrite, MacroCall.of(this));
		try {
			FijiProgress.train(LabelFitMacros.UNIVERSEG_TRAIN, this::isCanceled, "UniverSeg training", r::train);
			model_file = model;
			IJ.log("LabelFit: model saved to " + model);
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
