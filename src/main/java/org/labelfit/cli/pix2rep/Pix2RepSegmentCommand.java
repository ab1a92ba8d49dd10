package org.labelfit.cli.pix2rep;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.cli.BatchRun;
import org.labelfit.cli.DeviceOption;
import org.labelfit.cli.LabelTargets;
import org.labelfit.cli.Terminal;
import org.labelfit.pix2rep.Pix2RepBatch;

@Command(name = "segment", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Labels images with a Pix2Rep model that has a head, 3D volumes slice by slice.",
		"Preprocessing is the model's (crop, percentile clip, resize); labels come back on each input's own grid. Each " +
			"input <name> gives <name>_labels.tif (NIfTI inputs give <name>_labels.nii.gz or .nii, keeping their geometry)." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit pix2rep segment --model heart.labelfit --input scans/ --output labels/",
		"  labelfit pix2rep segment --model heart.labelfit --input scan.nii.gz --output scan_labels.nii.gz" })
public final class Pix2RepSegmentCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--model", required = true, paramLabel = "MODEL", description = "A Pix2Rep model with a head (from train-head).")
	Path model;

	@Mixin
	LabelTargets targets;

	@Mixin
	DeviceOption device;

	public Pix2RepSegmentCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		return BatchRun.run(terminal, targets.job(new Pix2RepBatch(), model, device.get()));
	}
}
