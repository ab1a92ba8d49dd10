package org.labelfit.commands.universeg;

import java.io.File;

import ij.IJ;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.MacroCall;
import org.labelfit.universeg.UniverSeg;
import org.labelfit.universeg.UniverSegModel;

/**
 * "UniverSeg Import Weights": the official UniverSeg weights as a LabelFit model. The weights are read only after the
 * output is checked; what was written, under which licence, is logged.
 */
@Plugin(type = Command.class, label = LabelFitMacros.UNIVERSEG_IMPORT, menuPath = "Plugins>LabelFit>UniverSeg>Import Weights...",
	headless = true, visible = false, description = "The released UniverSeg weights are licensed for research use only (OpenRAIL++-M).")
public class UniverSegImportCommand extends ContextCommand {

	@Parameter(label = "Official weights (.safetensors or .npz)", style = FileWidget.OPEN_STYLE,
		description = "the official UniverSeg weights as .safetensors or .npz", persist = false)
	private File weights;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Overwrite an existing model", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file")
	private File model_file;

	@Override
	public void run() {
		UniverSegModel m = UniverSeg.importWeights(weights.toPath(), model.toPath(), overwrite, MacroCall.of(this));
		IJ.log("LabelFit: wrote " + model + " (UniverSeg " + m.config() + ", " + m.config().parameterCount() + " parameters)");
		IJ.log("LabelFit: the UniverSeg weights are for research use only (OpenRAIL++-M); the model file records this licence");
		model_file = model;
	}
}
