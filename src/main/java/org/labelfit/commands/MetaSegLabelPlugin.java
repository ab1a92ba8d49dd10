package org.labelfit.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

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
		FijiProgress progress = new FijiProgress(LabelFitMacros.LABEL, () -> false);
		try {
			if (p.fileMode()) {
				List<Path> written = p.labelFiles(progress);
				written.forEach(f -> IJ.log("LabelFit: wrote " + f));
			}
			else {
				ImagePlus labels = p.label(WindowManager.getCurrentImage(), progress);
				labels.show();
			}
		}
		finally {
			progress.done();
		}
	}

	@Override
	String title() {
		return LabelFitMacros.LABEL;
	}
}
