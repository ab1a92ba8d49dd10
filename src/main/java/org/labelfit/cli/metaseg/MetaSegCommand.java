package org.labelfit.cli.metaseg;

import picocli.CommandLine.Command;

import org.labelfit.cli.CommandGroup;

@Command(name = "metaseg", mixinStandardHelpOptions = true, description = "Train MetaSeg models and label images with them.",
	subcommands = { MetaSegTrainCommand.class, MetaSegLabelCommand.class }, footerHeading = "%nExamples:%n",
	footer = { "  labelfit metaseg train --images data/train/images --labels data/train/labels \\",
		"      --out brain.labelfit",
		"  labelfit metaseg label --model brain.labelfit --input data/test/images \\", "      --output labels/" })
public final class MetaSegCommand extends CommandGroup {}
