package org.labelfit.commands;

import java.io.File;

import ij.IJ;

/** The macro command "UniverSeg Train"; options as in {@link UniverSegTrainCommand}, see {@link LabelFitMacros}. */
public class UniverSegTrainPlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		PluginOptions o = new PluginOptions(LabelFitMacros.UNIVERSEG_TRAIN);
		o.addString("data", "", 40);
		o.addFile("model", "");
		o.addString("image_suffix", "", 10);
		o.addString("label_suffix", "", 10);
		o.addNumber("support_size", 8, 0);
		o.addNumber("steps", 2000, 0);
		o.addNumber("synthetic_fraction", 0.25, 2);
		o.addNumber("width", 64, 0);
		o.addNumber("grid_size", 128, 0);
		o.addNumber("learning_rate", 1e-4, 6);
		o.addNumber("checkpoint_every", 250, 0);
		o.addNumber("seed", 42, 0);
		o.addChoice("device", TrainParameters.DEVICES, "auto");
		o.addCheckbox("overwrite", false);
		o.addMessage("data: dataset folders separated by semicolons, each holding images/ and labels/ paired by name");
		if (!o.show()) return;
		UniverSegTrainParameters p = new UniverSegTrainParameters(o.nextString(), new File(o.nextString()), o.nextString(), o.nextString(),
			o.nextInt(), o.nextInt(), o.nextNumber(), o.nextInt(), o.nextInt(), o.nextNumber(), o.nextInt(), o.nextInt(), o.nextChoice(),
			o.nextBoolean());
		FijiProgress.train(LabelFitMacros.UNIVERSEG_TRAIN, () -> false, "UniverSeg training", p::train);
		IJ.log("LabelFit: model saved to " + p.model());
	}

	@Override
	String title() {
		return LabelFitMacros.UNIVERSEG_TRAIN;
	}
}
