package org.labelfit.cli.ossnet;

import picocli.CommandLine.Command;

import org.labelfit.cli.CommandGroup;

@Command(name = "ossnet", mixinStandardHelpOptions = true,
	description = "Memory-efficient 3D segmentation with an occupancy-network decoder (OSS-Net, Reich et al., BMVC 2021).",
	subcommands = { OssNetImportCommand.class, OssNetTrainCommand.class, OssNetSegmentCommand.class },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit ossnet import-weights oss_net_c_bra_ts.npz --out ossnet-c-brats.labelfit",
		"  labelfit info ossnet-c-brats.labelfit",
		"  labelfit ossnet train --images brats/images/ --labels brats/labels/ --preset brats --border-fraction 0 --out own.labelfit",
		"  labelfit ossnet segment --model ossnet-c-brats.labelfit --input scans/ --output labels/" })
public final class OssNetCommand extends CommandGroup {}
