package org.labelfit.commands;

import java.io.File;

/**
 * The macro command "UniverSeg Segment"; options as in {@link UniverSegSegmentCommand}, see {@link LabelFitMacros}.
 * Segments the current image and shows the label image, which becomes the active image; with input_path it
 * segments files instead and shows nothing.
 */
public class UniverSegSegmentPlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		PluginOptions o = new PluginOptions(LabelFitMacros.UNIVERSEG_SEGMENT);
		o.addFile("model", "");
		o.addChoice("support", SupportParameters.SOURCES, "folders");
		o.addMessage("Support from folders (image and label files paired by name):");
		o.addDirectory("support_images", "");
		o.addDirectory("support_labels", "");
		o.addString("image_suffix", "", 10);
		o.addString("label_suffix", "", 10);
		o.addMessage("Support from two open stacks (slice i of the label stack labels slice i of the image stack):");
		o.addString("image_stack", "", 20);
		o.addString("label_stack", "", 20);
		o.addMessage("Support from ROIs (one label per ROI name or group):");
		o.addString("roi_images", "", 30);
		o.addNumber("support_size", 0, 0);
		o.addNumber("ensemble", 1, 0);
		o.addString("segment_labels", "", 15);
		o.addNumber("threshold", 0.5, 2);
		o.addNumber("seed", 42, 0);
		o.addNumber("memory_limit", 0, 0);
		o.addChoice("device", TrainParameters.DEVICES, "auto");
		o.addCheckbox("add_overlay", true);
		o.addCheckbox("roi_manager", false);
		o.addMessage("To segment files instead of the current image:");
		o.addString("input_path", "", 30);
		o.addString("output", "", 30);
		o.addCheckbox("overwrite", false);
		if (!o.show()) return;
		File model = new File(o.nextString());
		SupportParameters support = new SupportParameters(o.nextChoice(), o.nextString(), o.nextString(), o.nextString(), o.nextString(),
			o.nextString(), o.nextString(), o.nextString());
		int supportSize = o.nextInt(), ensemble = o.nextInt();
		String labels = o.nextString();
		double threshold = o.nextNumber();
		int seed = o.nextInt(), memoryLimit = o.nextInt();
		String device = o.nextChoice();
		boolean overlay = o.nextBoolean(), roiManager = o.nextBoolean();
		String inputPath = o.nextString(), output = o.nextString();
		UniverSegSegmentParameters p = new UniverSegSegmentParameters(model, support, supportSize, ensemble, labels, threshold, seed,
			memoryLimit, device, overlay, roiManager, inputPath, output.isEmpty() ? null : new File(output), o.nextBoolean());
		labelOrWrite(LabelFitMacros.UNIVERSEG_SEGMENT, p.fileMode(), p::segmentFiles, p::segment);
	}

	@Override
	String title() {
		return LabelFitMacros.UNIVERSEG_SEGMENT;
	}
}
