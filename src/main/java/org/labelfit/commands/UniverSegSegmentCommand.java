package org.labelfit.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.stream.Collectors;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.labelfit.train.CancelledException;

/**
 * UniverSeg segmentation from a support set as a SciJava command (scripting API; the menu item is the macro command
 * "UniverSeg Segment", see {@link LabelFitMacros}). Segments {@code input}, or the files of {@code input_path} into
 * {@code output}. Open images (support stacks, ROI images) are named by title, as in the macro. The label image is
 * returned, not shown.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>UniverSeg>Segment with Support Set...", headless = true, visible = false)
public class UniverSegSegmentCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "UniverSeg model", style = FileWidget.OPEN_STYLE, persist = false)
	private File model;

	@Parameter(label = "Support from", choices = { "folders", "stacks", "rois" }, persist = false)
	private String support = "folders";

	@Parameter(label = "Support images (folder or glob)", required = false, persist = false)
	private String support_images = "";

	@Parameter(label = "Support labels (folder or glob)", required = false, persist = false)
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
		UniverSegSegmentParameters p = new UniverSegSegmentParameters(model, s, support_size, ensemble, segment_labels, threshold, seed,
			memory_limit, device, add_overlay, roi_manager, input_path, output, overwrite);
		try {
			FijiProgress.run(LabelFitMacros.UNIVERSEG_SEGMENT, this::isCanceled, () -> {}, progress -> {
				if (p.fileMode()) written_files = p.segmentFiles(progress).stream().map(Path::toString).collect(Collectors.joining("\n"));
				else label_image = p.segment(input, progress);
			});
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
