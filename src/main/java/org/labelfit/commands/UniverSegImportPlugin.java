package org.labelfit.commands;

import java.io.File;

/** The macro command "UniverSeg Import Weights"; options as in {@link UniverSegImportCommand}, see {@link LabelFitMacros}. */
public class UniverSegImportPlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		PluginOptions o = new PluginOptions(LabelFitMacros.UNIVERSEG_IMPORT);
		o.addFile("weights", "");
		o.addFile("model", "");
		o.addCheckbox("overwrite", false);
		o.addMessage("The released UniverSeg weights are licensed for research use only (OpenRAIL++-M).");
		if (!o.show()) return;
		new UniverSegImportParameters(new File(o.nextString()), new File(o.nextString()), o.nextBoolean()).importWeights();
	}

	@Override
	String title() {
		return LabelFitMacros.UNIVERSEG_IMPORT;
	}
}
