package org.labelfit.commands;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.train.CancelledException;

/**
 * UniverSeg training from scratch as a SciJava command (scripting API; the menu item is the macro command
 * "UniverSeg Train", see {@link LabelFitMacros}). Cancelling the command stops training.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>UniverSeg>Train...", headless = true, visible = false)
public class UniverSegTrainCommand extends ContextCommand {

	@Parameter(label = "Dataset folders with images/ and labels/ (separated by ;)", persist = false)
	private String data;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, persist = false)
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
		UniverSegTrainParameters p = new UniverSegTrainParameters(data, model, image_suffix, label_suffix, support_size, steps,
			synthetic_fraction, width, grid_size, learning_rate, checkpoint_every, seed, device, overwrite);
		try {
			FijiProgress.train(LabelFitMacros.UNIVERSEG_TRAIN, this::isCanceled, "UniverSeg training", p::train);
			model_file = model;
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
