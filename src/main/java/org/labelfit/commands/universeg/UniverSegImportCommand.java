package org.labelfit.commands.universeg;

import java.nio.file.Path;

import ij.IJ;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.WeightsImportCommand;
import org.labelfit.universeg.UniverSeg;
import org.labelfit.universeg.UniverSegModel;

/**
 * "UniverSeg Import Weights": the official UniverSeg weights as a LabelFit model. The weights are read only after the
 * output is checked; what was written, under which licence, is logged.
 */
@Plugin(type = Command.class, label = LabelFitMacros.UNIVERSEG_IMPORT, menuPath = "Plugins>LabelFit>UniverSeg>Import Weights...",
	headless = true, visible = false, description = "The released UniverSeg weights are licensed for research use only (OpenRAIL++-M).")
public class UniverSegImportCommand extends WeightsImportCommand {

	@Override
	protected String importWeights(Path weights, Path model, boolean overwrite, String macroCall) {
		UniverSegModel m = UniverSeg.importWeights(weights, model, overwrite, macroCall);
		IJ.log("LabelFit: the UniverSeg weights are for research use only (OpenRAIL++-M); the model file records this licence");
		return "UniverSeg " + m.config() + ", " + m.config().parameterCount() + " parameters";
	}
}
