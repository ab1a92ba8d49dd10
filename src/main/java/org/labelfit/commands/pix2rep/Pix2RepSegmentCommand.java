package org.labelfit.commands.pix2rep;

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
 * "Pix2Rep Segment": labels {@code input} (2D, or a stack slice by slice), or the files of {@code input_path} into
 * {@code output}, with a Pix2Rep model that has a head. The label image is returned; the ImageJ 1 bridge shows it.
 */
@Plugin(type = Command.class, label = LabelFitMacros.PIX2REP_SEGMENT, menuPath = "Plugins>LabelFit>Pix2Rep>Segment...", headless = true,
	visible = false, description = "crop (open image only): blank = the model's, selection = the rectangle drawn on the image, or X,Y,W,H; " +
		"input_path, output: to label files instead of the image")
public class Pix2RepSegmentCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "Pix2Rep model", style = FileWidget.OPEN_STYLE, description = "a Pix2Rep model with a head (.labelfit)", persist = false)
	private File model;

	@Parameter(label = "Crop: blank, selection or X,Y,W,H", required = false, persist = false)
	private String crop = "";

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
		Pix2RepSegmentRequest r = new Pix2RepSegmentRequest(model, crop == null ? "" : crop, device, add_overlay, roi_manager, input_path, output,
			overwrite);
		try {
			FijiProgress.run(LabelFitMacros.PIX2REP_SEGMENT, this::isCanceled, () -> {}, progress -> {
				if (r.fileMode()) written_files = LabelOutput.written(r.segmentFiles(progress));
				else label_image = r.segment(input, progress);
			});
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
