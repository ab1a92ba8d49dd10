package org.labelfit.commands.ossnet;

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
import org.labelfit.mesh.Components;
import org.labelfit.ossnet.OssNetSegmenter;
import org.labelfit.train.CancelledException;

/**
 * "OSS-Net Segment": segments the open 3D volume ({@code input}: a stack, or a hyperstack with the model's channels
 * in its order), or the files of {@code input_path} into {@code output}. The binary label volume is returned; the
 * ImageJ 1 bridge shows it. {@code mesh} (last, so that earlier macro keys keep their order) also writes the surface.
 */
@Plugin(type = Command.class, label = LabelFitMacros.OSSNET_SEGMENT, menuPath = "Plugins>LabelFit>OSS-Net>Segment...", headless = true,
	visible = false, description = "input: a 3D stack or hyperstack (channels in the model's order); input_path, output: to segment " +
		"files instead (4D NIfTI for several channels)")
public class OssNetSegmentCommand extends ContextCommand {

	@Parameter(label = "3D volume (stack or hyperstack)", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "OSS-Net model", style = FileWidget.OPEN_STYLE, description = "an OSS-Net model file (.labelfit)", persist = false)
	private File model;

	@Parameter(label = "Inference (mise-optimised: C and D only)", choices = { "mise", "mise-optimised", "dense" }, persist = false)
	private String inference = "mise";

	@Parameter(label = "Occupancy threshold", min = "0", max = "1", persist = false)
	private double threshold = 0.5;

	@Parameter(label = "Points per decoder call", min = "1", persist = false)
	private int chunk = OssNetSegmenter.DEFAULT_CHUNK;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = "auto";

	@Parameter(label = "Add class outlines to the volume's overlay", persist = false)
	private boolean add_overlay = true;

	@Parameter(label = "Add class outlines to the ROI Manager", persist = false)
	private boolean roi_manager;

	@Parameter(label = "Or segment files (file, folder or glob)", required = false, persist = false)
	private String input_path = "";

	@Parameter(label = "Label file or folder (with input_path)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Overwrite existing label files", persist = false)
	private boolean overwrite;

	@Parameter(label = "Surface mesh (.stl or .obj; empty for none)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File mesh;

	@Parameter(label = "Mesh: smallest component kept (voxels)", min = "1", persist = false)
	private int mesh_min_voxels = Components.DEFAULT_MIN_VOXELS;

	@Parameter(type = ItemIO.OUTPUT, label = "Labels")
	private ImagePlus label_image;

	@Parameter(type = ItemIO.OUTPUT, label = "Files written")
	private String written_files;

	@Override
	public void run() {
		OssNetSegmentRequest r = new OssNetSegmentRequest(model, inference, threshold, chunk, device, add_overlay, roi_manager, input_path, output,
			overwrite, mesh, mesh_min_voxels);
		try {
			FijiProgress.run(LabelFitMacros.OSSNET_SEGMENT, this::isCanceled, () -> {}, progress -> {
				if (r.fileMode()) written_files = LabelOutput.written(r.segmentFiles(progress));
				else label_image = r.segment(input, progress);
			});
		}
		catch (CancelledException e) {
			cancel(e.getMessage());
		}
	}
}
