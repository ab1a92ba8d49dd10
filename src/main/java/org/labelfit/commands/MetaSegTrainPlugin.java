package org.labelfit.commands;

import java.io.File;

import ij.IJ;

/** The macro command "MetaSeg Train"; options as in {@link MetaSegTrainCommand}, see {@link LabelFitMacros}. */
public class MetaSegTrainPlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		PluginOptions o = new PluginOptions(LabelFitMacros.TRAIN);
		o.addDirectory("images", "");
		o.addDirectory("labels", "");
		o.addString("image_suffix", "", 10);
		o.addString("label_suffix", "", 10);
		o.addFile("model", "");
		o.addChoice("config", TrainParameters.CONFIGS, "2d");
		o.addNumber("classes", 0, 0);
		o.addString("class_names", "", 30);
		o.addNumber("size", 128, 0);
		o.addNumber("outer_steps", 500, 0);
		o.addNumber("fit_steps", 0, 0);
		o.addCheckbox("first_order", false);
		o.addNumber("seed", 422, 0);
		o.addNumber("head_epochs", -1, 0);
		o.addChoice("device", TrainParameters.DEVICES, "auto");
		o.addCheckbox("overwrite", false);
		o.addMessage("images, labels: a folder or a glob such as /data/*_img.tif; classes 0 and fit_steps 0 mean automatic");
		if (!o.show()) return;
		TrainParameters p = new TrainParameters(o.nextString(), o.nextString(), o.nextString(), o.nextString(), new File(o.nextString()),
			o.nextChoice(), o.nextInt(), o.nextString(), o.nextInt(), o.nextInt(), o.nextInt(), o.nextBoolean(), o.nextInt(), o.nextInt(),
			o.nextChoice(), o.nextBoolean());
		FijiProgress.train(LabelFitMacros.TRAIN, () -> false, "MetaSeg training", p::train);
		IJ.log("LabelFit: model saved to " + p.model());
	}

	@Override
	String title() {
		return LabelFitMacros.TRAIN;
	}
}
