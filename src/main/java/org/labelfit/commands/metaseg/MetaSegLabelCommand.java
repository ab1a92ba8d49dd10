package org.labelfit.commands.metaseg;

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
 * "MetaSeg Fit and Label": labels {@code input}, or the files of {@code input_path} into {@code output}. The label
 * image is returned; the ImageJ 1 bridge shows it, a script decides where it goes.
 */
@Plugin(type = Command.class, label = LabelFitMacros.LABEL, menuPath = "Plugins>LabelFit>MetaSeg>Fit and Label...", headless = true,
	visible = false, description = "input_path, output: to label files instead of the image")
public class MetaSegLabelCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "MetaSeg model", style = FileWidget.OPEN_STYLE, description = "a MetaSeg model file (.labelfit)", persist = false)
	private File model;

	@Parameter(label = "Fitting steps (0 = the model's)", min = "0", persist = false)
	private int fit_steps;

	@Parameter(label = "Output scale", min = "0.0625", max = "16", persist = false)
	private double scale = 1;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Add class outlines to the image's overlay", persist = false)
	private boolean add_overlay = true;

	@Parameter(label = "Add class outlines to the ROI Manager", persist = false)
	private boolean roi_manager;

	@Parameter(label = "Or label files (file, folder or glob)", required = false, persist = false)
	private String input_path = "";

	@Parameter(label = "Label file or folder (with input_path)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Overwrite existing label files", persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT, label = "Files written")
	private String written_files;

	@Override
	public void run() {
		MetaSegLabelRequest r = new MetaSegLabelRequest(model, fit_steps, scale, device, add_overlay, roi_manager, input_path, output, overwrite);
		try {
			FijiProgress.run(LabelFitMacros.LABEL, this::isCanceled, () -> {}, progress -> {
				if (r.fileMode()) written_files = LabelOutput.written(r.labelFiles(progress));
				else labels = r.label(input, progress);
			});
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
