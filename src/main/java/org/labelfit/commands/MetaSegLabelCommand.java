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
 * MetaSeg fit-and-label as a SciJava command (scripting API; the menu item is the macro command
 * "MetaSeg Fit and Label", see {@link LabelFitMacros}). Labels {@code input}, or the files of {@code input_path}
 * into {@code output}. The label image is returned, not shown: the caller (Fiji's output display, a script)
 * decides where it goes.
 */
@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>MetaSeg>Fit and Label...", headless = true, visible = false)
public class MetaSegLabelCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "MetaSeg model", style = FileWidget.OPEN_STYLE, persist = false)
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
		LabelParameters p = new LabelParameters(model, fit_steps, scale, device, add_overlay, roi_manager, input_path, output, overwrite);
		try {
			FijiProgress.run(LabelFitMacros.LABEL, this::isCanceled, () -> {}, progress -> {
				if (p.fileMode()) written_files = p.labelFiles(progress).stream().map(Path::toString).collect(Collectors.joining("\n"));
				else labels = p.label(input, progress);
			});
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
