package org.labelfit.cli.metaseg;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LabelTargets;
import org.labelfit.cli.BatchRun;
import org.labelfit.cli.Terminal;
import org.labelfit.commands.metaseg.MetaSegLabelRequest;

@Command(name = "label", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Labels images with a MetaSeg model.",
		"MetaSeg fits the model's learned initialisation to each image, then reads the labels off the fitted network.",
		"Each input <name> gives <name>_labels.tif (NIfTI inputs give <name>_labels.nii.gz or .nii, keeping their geometry)." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit metaseg label --model brain.labelfit --input scans/ --output labels/ \\",
		"      --overlays",
		"  labelfit metaseg label --model brain.labelfit --input 'scans/*.nii.gz' \\",
		"      --output labels/ --device gpu",
		"  labelfit metaseg label --model brain.labelfit --input scan.tif \\",
		"      --output scan-x2.tif --scale 2" })
public final class MetaSegLabelCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--model", required = true, paramLabel = "MODEL", description = "A MetaSeg .labelfit model file.")
	Path model;

	@Mixin
	LabelTargets targets;

	@Option(names = "--fit-steps", paramLabel = "T", description = "Fitting steps per image; 0 uses the model's. Default: ${DEFAULT-VALUE}.")
	int fitSteps;

	@Option(names = "--scale", paramLabel = "F", description = "Labels on an F× finer grid (TIFF output only). Default: ${DEFAULT-VALUE}.")
	double scale = 1;

	@Option(names = "--overlays", description = "Also write <name>_overlay.png previews of 2D images.")
	boolean overlays;

	@Mixin
	DeviceOption device;

	public MetaSegLabelCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		MetaSegLabelRequest request = new MetaSegLabelRequest(model.toFile(), fitSteps, scale, device.get(), overlays, false, targets.input,
			targets.output.toFile(), targets.overwrite);
		return BatchRun.run(terminal, request.job(targets.shard()));
	}
}
