package org.labelfit.cli.universeg;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LabelTargets;
import org.labelfit.batch.BatchJob;
import org.labelfit.cli.BatchRun;
import org.labelfit.cli.Terminal;
import org.labelfit.cli.TerminalProgress;
import org.labelfit.commands.universeg.SupportParameters;
import org.labelfit.commands.universeg.UniverSegSegmentRequest;

@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Segments images from a support set of labelled examples.",
		"Each label of the support masks is one binary task; the labels are fused by the most probable one, background " +
			"where none reaches the threshold. Volumes are segmented slice by slice; supports may be slices of other volumes.",
		"Each input <name> gives <name>_labels.tif (NIfTI inputs give <name>_labels.nii.gz or .nii, keeping their geometry)." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit universeg segment --model universeg.labelfit --support-images support/images \\",
		"      --support-labels support/masks --input cell.png --output cell_labels.tif",
		"  labelfit universeg segment --model universeg.labelfit --support-images 'train/*_img.nii.gz' \\",
		"      --support-labels 'train/*_gt.nii.gz' --support-image-suffix _img --support-label-suffix _gt \\",
		"      --input test/ --output labels/ --support-size 16 --ensemble 4 --labels 1,3" })
public final class UniverSegSegmentCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--model", required = true, paramLabel = "MODEL", description = "A UniverSeg .labelfit model file.")
	Path model;

	@Option(names = "--support-images", required = true, paramLabel = "SPEC", description = "Folder of support images, or a glob.")
	String supportImages;

	@Option(names = "--support-labels", required = true, paramLabel = "SPEC",
		description = "Folder of support label images (integer labels, 0 background), or a glob; paired with the images by name.")
	String supportLabels;

	@Option(names = "--support-image-suffix", paramLabel = "S", description = "Support image names end with this (e.g. _img).")
	String imageSuffix;

	@Option(names = "--support-label-suffix", paramLabel = "S", description = "Support label names end with this (e.g. _gt).")
	String labelSuffix;

	@Mixin
	LabelTargets targets;

	@Option(names = "--support-size", paramLabel = "S",
		description = "Examples per forward pass; 0 uses all of them (at most 64). Memory grows linearly with S. Default: ${DEFAULT-VALUE}.")
	int supportSize;

	@Option(names = "--ensemble", paramLabel = "K",
		description = "Average the probabilities of K random support subsets of size S. Default: ${DEFAULT-VALUE}.")
	int ensemble = 1;

	@Option(names = "--labels", split = ",", paramLabel = "1,2,3", description = "Labels to segment. Default: every label in the support masks.")
	List<Integer> labels;

	@Option(names = "--threshold", paramLabel = "P", description = "Foreground probability a label needs. Default: ${DEFAULT-VALUE}.")
	double threshold = 0.5;

	@Option(names = "--seed", paramLabel = "N", description = "Seed for choosing support subsets. Default: ${DEFAULT-VALUE}.")
	long seed = 42;

	@Option(names = "--memory-limit", paramLabel = "MB",
		description = "Memory one query may use; 0 for 80%% of the free memory. Default: ${DEFAULT-VALUE}.")
	long memoryLimit;

	@Option(names = "--overlays", description = "Also write <name>_overlay.png previews of 2D images.")
	boolean overlays;

	@Mixin
	DeviceOption device;

	public UniverSegSegmentCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		SupportParameters support = new SupportParameters("folders", supportImages, supportLabels, imageSuffix, labelSuffix, null, null, null);
		String chosen = labels == null ? null : labels.stream().map(String::valueOf).collect(Collectors.joining(","));
		UniverSegSegmentRequest request = new UniverSegSegmentRequest(model.toFile(), support, supportSize, ensemble, chosen, threshold, seed,
			memoryLimit, device.get(), overlays, false, targets.input, targets.output.toFile(), targets.overwrite);
		BatchJob job;
		try (TerminalProgress progress = terminal.progress()) {
			job = request.job(targets.shard(), progress);
		}
		return BatchRun.run(terminal, job);
	}
}
