package org.labelfit.cli.ossnet;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.BatchRun;
import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LabelTargets;
import org.labelfit.cli.Terminal;
import org.labelfit.mesh.Components;
import org.labelfit.ossnet.Mise;
import org.labelfit.ossnet.OssNetBatch;
import org.labelfit.ossnet.OssNetSegmenter;

@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments 3D volumes with an OSS-Net model into binary label volumes (background, the model's class).",
		"Each channel is z-scored, the volume padded (centred) to the model's grid, or resampled along axes where it is larger; " +
			"the encoder sees it downsampled x2, the decoder is evaluated coarse to fine (MISE) at integer voxel coordinates with " +
			"patches of the full-resolution volume, and the labels come back on the input's own grid. Multi-channel volumes are " +
			"4D NIfTI files (last axis = channel, in the model's order). Each input <name> gives <name>_labels.tif (NIfTI inputs " +
			"give <name>_labels.nii.gz or .nii, keeping their geometry)." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit ossnet segment --model ossnet-c-brats.labelfit --input BraTS20_001.nii.gz --output BraTS20_001_labels.nii.gz",
		"  labelfit ossnet segment --model ossnet-c-brats.labelfit --input scans/ --output labels/ --inference mise-optimised",
		"  labelfit ossnet segment --model ossnet-c-brats.labelfit --input BraTS20_001.nii.gz --output BraTS20_001_labels.nii.gz --mesh BraTS20_001.stl" })
public final class OssNetSegmentCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--model", required = true, paramLabel = "MODEL", description = "An OSS-Net model (import-weights or train).")
	Path model;

	@Mixin
	LabelTargets targets;

	@Option(names = "--inference", paramLabel = "mise|mise-optimised|dense", defaultValue = "mise",
		description = "mise: coarse to fine from the whole stride-4 lattice (official inference); mise-optimised: from the encoder's " +
			"low-resolution segmentation (C, D only; may miss small objects far from it); dense: every voxel. Default: ${DEFAULT-VALUE}.")
	String inference;

	@Option(names = "--threshold", paramLabel = "T", defaultValue = "0.5", description = "Occupancy threshold. Default: ${DEFAULT-VALUE}.")
	double threshold;

	@Option(names = "--chunk", paramLabel = "N", defaultValue = "" + OssNetSegmenter.DEFAULT_CHUNK,
		description = "Points per decoder call (memory grows with it). Default: ${DEFAULT-VALUE} (official).")
	int chunk;

	@Option(names = "--mesh", paramLabel = "FILE.stl|FILE.obj",
		description = "Also write the labels' surface mesh (one input file only): components under --mesh-min-voxels removed, " +
			"marching cubes at 0.5 in physical units (the input's spacing), binary STL or OBJ by the extension; opens in Fiji's 3D Viewer.")
	Path mesh;

	@Option(names = "--mesh-min-voxels", paramLabel = "N", defaultValue = "" + Components.DEFAULT_MIN_VOXELS,
		description = "Face-connected components smaller than this are left out of the mesh. Default: ${DEFAULT-VALUE} (12³, official).")
	int meshMinVoxels;

	@Mixin
	DeviceOption device;

	public OssNetSegmentCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		OssNetBatch method = new OssNetBatch(Mise.Inference.of(inference), threshold, chunk, mesh == null ? null : mesh.toAbsolutePath().toString(),
			meshMinVoxels);
		return BatchRun.run(terminal, method.checkMesh(targets.job(method, model, device.get())));
	}
}
