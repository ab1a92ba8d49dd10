package org.labelfit.commands;

import java.io.File;

/**
 * The macro command "MetaSeg Fit and Label"; options as in {@link MetaSegLabelCommand}, see {@link LabelFitMacros}.
 * Labels the current image and shows the label image, which becomes the active image (in batch mode and headless
 * an ImageJ batch-mode image); with input_path it labels files instead and shows nothing.
 */
public class MetaSegLabelPlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		PluginOptions o = new PluginOptions(LabelFitMacros.LABEL);
		o.addFile("model", "");
		o.addNumber("fit_steps", 0, 0);
		o.addNumber("scale", 1, 2);
		o.addChoice("device", TrainParameters.DEVICES, "auto");
		o.addCheckbox("add_overlay", true);
		o.addCheckbox("roi_manager", false);
		o.addMessage("To label files instead of the current image:");
		o.addString("input_path", "", 30);
		o.addString("output", "", 30);
		o.addCheckbox("overwrite", false);
		if (!o.show()) return;
		File model = new File(o.nextString());
		int fitSteps = o.nextInt();
		double scale = o.nextNumber();
		String device = o.nextChoice();
		boolean overlay = o.nextBoolean(), roiManager = o.nextBoolean();
		String inputPath = o.nextString();
		String output = o.nextString();
		LabelParameters p = new LabelParameters(model, fitSteps, scale, device, overlay, roiManager, inputPath,
			output.isEmpty() ? null : new File(output), o.nextBoolean());
		labelOrWrite(LabelFitMacros.LABEL, p.fileMode(), p::labelFiles, p::label);
	}

	@Override
	String title() {
		return LabelFitMacros.LABEL;
	}
}
