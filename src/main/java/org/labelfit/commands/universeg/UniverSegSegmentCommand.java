package org.labelfit.commands.universeg;

import java.io.File;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.commands.FijiProgress;
import org.labelfit.commands.LabelFitMacros;
import org.labelfit.commands.LabelOutput;
import org.labelfit.train.CancelledException;

/**
 * "UniverSeg Segment": segments {@code input}, or the files of {@code input_path} into {@code output}, from a support
 * set of labelled examples. Open images (support stacks, ROI images) are named by title. The label image is returned;
 * the ImageJ 1 bridge shows it. The key is {@code segment_labels}, not {@code labels}, as ImageJ would read
 * {@code labels=} out of {@code support_labels=}.
 */
@Plugin(type = Command.class, label = LabelFitMacros.UNIVERSEG_SEGMENT, menuPath = "Plugins>LabelFit>UniverSeg>Segment with Support Set...",
	headless = true, visible = false, description = "support: folders (support_images, support_labels), stacks (image_stack, " +
		"label_stack) or rois (roi_images); input_path, output: to segment files instead of the image")
public class UniverSegSegmentCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "UniverSeg model", style = FileWidget.OPEN_STYLE, description = "a UniverSeg model file (.labelfit)", persist = false)
	private File model;

	@Parameter(label = "Support from", choices = { "folders", "stacks", "rois" }, persist = false)
	private String support = "folders";

	@Parameter(label = "Support images (folder or glob)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private String support_images = "";

	@Parameter(label = "Support labels (folder or glob)", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private String support_labels = "";

	@Parameter(label = "Image name suffix", required = false, persist = false)
	private String image_suffix = "";

	@Parameter(label = "Label name suffix", required = false, persist = false)
	private String label_suffix = "";

	@Parameter(label = "Support image stack (title)", required = false, persist = false)
	private String image_stack = "";

	@Parameter(label = "Support label stack (title)", required = false, persist = false)
	private String label_stack = "";

	@Parameter(label = "Images with ROIs (titles, comma-separated)", required = false, persist = false)
	private String roi_images = "";

	@Parameter(label = "Support size S (0 = all, at most 64)", min = "0", persist = false)
	private int support_size;

	@Parameter(label = "Ensemble size K", min = "1", persist = false)
	private int ensemble = 1;

	@Parameter(label = "Labels to segment (blank = all)", required = false, persist = false)
	private String segment_labels = "";

	@Parameter(label = "Probability threshold", min = "0", max = "1", persist = false)
	private double threshold = 0.5;

	@Parameter(label = "Random seed", persist = false)
	private long seed = 42;

	@Parameter(label = "Memory limit per query, MB (0 = automatic)", min = "0", persist = false)
	private long memory_limit;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Add class outlines to the image's overlay", persist = false)
	private boolean add_overlay = true;

	@Parameter(label = "Add class outlines to the ROI Manager", persist = false)
	private boolean roi_manager;

	@Parameter(label = "Or segment files (file, folder or glob)", required = false, persist = false)
	private String input_path = "";

	@Parameter(label = "Label file or folder (with input_path)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Overwrite existing label files", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus label_image;

	@Parameter(type = ItemIO.OUTPUT, label = "Files written")
	private String written_files;

	@Override
	public void run() {
		SupportParameters s = new SupportParameters(support, support_images, support_labels, image_suffix, label_suffix, image_stack,
			label_stack, roi_images);
		UniverSegSegmentRequest p = new UniverSegSegmentRequest(model, s, support_size, ensemble, segment_labels, threshold, seed,
			memory_limit, device, add_overlay, roi_manager, input_path, output, overwrite);
		try {
			FijiProgress.run(LabelFitMacros.UNIVERSEG_SEGMENT, this::isCanceled, () -> {}, progress -> {
				if (p.fileMode()) written_files = LabelOutput.written(p.segmentFiles(progress));
				else label_image = p.segment(input, progress);
			});
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
