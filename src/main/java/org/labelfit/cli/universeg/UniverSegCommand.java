package org.labelfit.cli.universeg;

import picocli.CommandLine.Command;

import org.labelfit.cli.CommandGroup;

@Command(name = "universeg", mixinStandardHelpOptions = true,
	description = "Segment new images from a support set of labelled examples, no retraining (UniverSeg).",
	subcommands = { UniverSegSegmentCommand.class, UniverSegTrainCommand.class, UniverSegImportCommand.class },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit universeg import-weights universeg_v1.npz --out universeg.labelfit",
		"  labelfit universeg segment --model universeg.labelfit --support-images support/images \\",
		"      --support-labels support/labels --input new/ --output labels/",
		"  labelfit universeg train --data tasks/brain tasks/heart --out my-universeg.labelfit" })
public final class UniverSegCommand extends CommandGroup {}
