package org.labelfit.commands;

import java.io.File;

import ij.IJ;

import org.labelfit.LabelFitException;
import org.labelfit.universeg.UniverSeg;
import org.labelfit.universeg.UniverSegModel;

/**
 * The options of "UniverSeg Import Weights", shared by {@link UniverSegImportCommand} and {@link UniverSegImportPlugin},
 * and the call into {@link UniverSeg#importWeights}.
 *
 * @param weights the official state dict as .safetensors or .npz
 * @param model the LabelFit model file to write
 */
public record UniverSegImportParameters(File weights, File model, boolean overwrite) {

	/** Writes the model and logs what was written under which licence; the weights are read only after the output is checked. */
	public UniverSegModel importWeights() {
		if (weights == null || weights.getPath().isBlank())
			throw new LabelFitException("weights= is required: the official UniverSeg weights as .safetensors or .npz");
		if (model == null || model.getPath().isBlank()) throw new LabelFitException("model= is required: the model file to write");
		String call = new MacroCall(LabelFitMacros.UNIVERSEG_IMPORT).add("weights", weights.getPath()).add("model", model.getPath())
			.toString();
		UniverSegModel m = UniverSeg.importWeights(weights.toPath(), model.toPath(), overwrite, call);
		IJ.log("LabelFit: wrote " + model + " (UniverSeg " + m.config() + ", " + m.config().parameterCount() + " parameters)");
		IJ.log("LabelFit: the UniverSeg weights are for research use only (OpenRAIL++-M); the model file records this licence");
		return m;
	}
}
