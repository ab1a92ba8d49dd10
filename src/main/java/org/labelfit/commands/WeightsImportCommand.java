package org.labelfit.commands;

import java.io.File;
import java.nio.file.Path;

import ij.IJ;

import org.scijava.ItemIO;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * The inputs and run of every method's "Import Weights" command: a state dict in, a model file out, under the same
 * macro keys ({@code weights}, {@code model}, {@code overwrite}). Subclasses carry their own {@code @Plugin} label and
 * help and say what importing means for their method.
 */
public abstract class WeightsImportCommand extends ContextCommand {

	@Parameter(label = "Weights (.safetensors or .npz)", style = FileWidget.OPEN_STYLE, description = "the state dict as .safetensors or .npz",
		persist = false)
	private File weights;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE, description = "the model file to write", persist = false)
	private File model;

	@Parameter(label = "Overwrite an existing model", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file")
	private File model_file;

	/** Imports and saves; returns what the "wrote MODEL (…)" log line says about the model. */
	protected abstract String importWeights(Path weights, Path model, boolean overwrite, String macroCall);

	@Override
	public void run() {
		IJ.log("LabelFit: wrote " + model + " (" + importWeights(weights.toPath(), model.toPath(), overwrite, MacroCall.of(this)) + ")");
		model_file = model;
	}
}
