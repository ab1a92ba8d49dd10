package org.labelfit.cli.pix2rep;

import picocli.CommandLine.Command;

import org.labelfit.cli.CommandGroup;

@Command(name = "pix2rep", mixinStandardHelpOptions = true,
	description = "Learn dense per-pixel features from unlabelled scans, then segment from a few labels (Pix2Rep, Seince et al., MIDL 2024).",
	subcommands = { Pix2RepPretrainCommand.class, Pix2RepTrainHeadCommand.class, Pix2RepSegmentCommand.class, Pix2RepImportCommand.class },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit pix2rep pretrain --images scans/ --out pretrained.labelfit",
		"  labelfit pix2rep train-head --model pretrained.labelfit --images scans/ --labels masks/ --out heart.labelfit",
		"  labelfit pix2rep segment --model heart.labelfit --input new-scans/ --output labels/",
		"  labelfit pix2rep import-weights unet_cl.safetensors --out pix2rep.labelfit" })
public final class Pix2RepCommand extends CommandGroup {}
