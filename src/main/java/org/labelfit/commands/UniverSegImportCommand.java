package org.labelfit.commands;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Import of the official UniverSeg weights as a SciJava command (scripting API; the menu item is the macro command
 * "UniverSeg Import Weights", see {@link LabelFitMacros}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>UniverSeg>Import Weights...", headless = true, visible = false)
public class UniverSegImportCommand extends ContextCommand {

	@Parameter(label = "Official weights (.safetensors or .npz)", style = FileWidget.OPEN_STYLE, persist = false)
	private File weights;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, persist = false)
	private File model;

	@Parameter(label = "Overwrite an existing model", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file")
	private File model_file;

	@Override
	public void run() {
		new UniverSegImportParameters(weights, model, overwrite).importWeights();
		model_file = model;
	}
}
