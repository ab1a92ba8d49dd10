package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import org.junit.jupiter.api.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

import org.labelfit.commands.eval.EvaluateCommand;
import org.labelfit.commands.metaseg.MetaSegLabelCommand;
import org.labelfit.commands.metaseg.MetaSegTrainCommand;
import org.labelfit.commands.pix2rep.Pix2RepImportCommand;
import org.labelfit.commands.pix2rep.Pix2RepPretrainCommand;
import org.labelfit.commands.pix2rep.Pix2RepSegmentCommand;
import org.labelfit.commands.pix2rep.Pix2RepTrainHeadCommand;
import org.labelfit.commands.universeg.UniverSegImportCommand;
import org.labelfit.commands.universeg.UniverSegSegmentCommand;
import org.labelfit.commands.universeg.UniverSegTrainCommand;

/**
 * Where a command-line option mirrors a macro key, both have the same default: the SciJava parameter's initial value
 * and the picocli option's. add_overlay and --overlays are not a pair: one draws on an open image, the other writes
 * preview files.
 */
class MirroredDefaultsTest {

	private record Mirror(Class<? extends Command> command, String key, String subcommand, String option) {}

	private static final List<Mirror> MIRRORS = List.of(
		new Mirror(MetaSegTrainCommand.class, "image_suffix", "metaseg train", "--image-suffix"),
		new Mirror(MetaSegTrainCommand.class, "label_suffix", "metaseg train", "--label-suffix"),
		new Mirror(MetaSegTrainCommand.class, "config", "metaseg train", "--config"),
		new Mirror(MetaSegTrainCommand.class, "classes", "metaseg train", "--classes"),
		new Mirror(MetaSegTrainCommand.class, "size", "metaseg train", "--size"),
		new Mirror(MetaSegTrainCommand.class, "outer_steps", "metaseg train", "--outer-steps"),
		new Mirror(MetaSegTrainCommand.class, "fit_steps", "metaseg train", "--fit-steps"),
		new Mirror(MetaSegTrainCommand.class, "first_order", "metaseg train", "--first-order"),
		new Mirror(MetaSegTrainCommand.class, "seed", "metaseg train", "--seed"),
		new Mirror(MetaSegTrainCommand.class, "head_epochs", "metaseg train", "--head-epochs"),
		new Mirror(MetaSegTrainCommand.class, "device", "metaseg train", "--device"),
		new Mirror(MetaSegTrainCommand.class, "overwrite", "metaseg train", "--overwrite"),
		new Mirror(MetaSegLabelCommand.class, "fit_steps", "metaseg label", "--fit-steps"),
		new Mirror(MetaSegLabelCommand.class, "scale", "metaseg label", "--scale"),
		new Mirror(MetaSegLabelCommand.class, "device", "metaseg label", "--device"),
		new Mirror(MetaSegLabelCommand.class, "overwrite", "metaseg label", "--overwrite"),
		new Mirror(UniverSegSegmentCommand.class, "image_suffix", "universeg segment", "--support-image-suffix"),
		new Mirror(UniverSegSegmentCommand.class, "label_suffix", "universeg segment", "--support-label-suffix"),
		new Mirror(UniverSegSegmentCommand.class, "support_size", "universeg segment", "--support-size"),
		new Mirror(UniverSegSegmentCommand.class, "ensemble", "universeg segment", "--ensemble"),
		new Mirror(UniverSegSegmentCommand.class, "threshold", "universeg segment", "--threshold"),
		new Mirror(UniverSegSegmentCommand.class, "seed", "universeg segment", "--seed"),
		new Mirror(UniverSegSegmentCommand.class, "memory_limit", "universeg segment", "--memory-limit"),
		new Mirror(UniverSegSegmentCommand.class, "device", "universeg segment", "--device"),
		new Mirror(UniverSegSegmentCommand.class, "overwrite", "universeg segment", "--overwrite"),
		new Mirror(UniverSegTrainCommand.class, "image_suffix", "universeg train", "--image-suffix"),
		new Mirror(UniverSegTrainCommand.class, "label_suffix", "universeg train", "--label-suffix"),
		new Mirror(UniverSegTrainCommand.class, "support_size", "universeg train", "--support-size"),
		new Mirror(UniverSegTrainCommand.class, "steps", "universeg train", "--steps"),
		new Mirror(UniverSegTrainCommand.class, "synthetic_fraction", "universeg train", "--synthetic-fraction"),
		new Mirror(UniverSegTrainCommand.class, "width", "universeg train", "--width"),
		new Mirror(UniverSegTrainCommand.class, "grid_size", "universeg train", "--size"),
		new Mirror(UniverSegTrainCommand.class, "learning_rate", "universeg train", "--learning-rate"),
		new Mirror(UniverSegTrainCommand.class, "checkpoint_every", "universeg train", "--checkpoint-every"),
		new Mirror(UniverSegTrainCommand.class, "seed", "universeg train", "--seed"),
		new Mirror(UniverSegTrainCommand.class, "device", "universeg train", "--device"),
		new Mirror(UniverSegTrainCommand.class, "overwrite", "universeg train", "--overwrite"),
		new Mirror(UniverSegImportCommand.class, "overwrite", "universeg import-weights", "--overwrite"),
		new Mirror(Pix2RepPretrainCommand.class, "width", "pix2rep pretrain", "--width"),
		new Mirror(Pix2RepPretrainCommand.class, "features", "pix2rep pretrain", "--features"),
		new Mirror(Pix2RepPretrainCommand.class, "loss", "pix2rep pretrain", "--loss"),
		new Mirror(Pix2RepPretrainCommand.class, "epochs", "pix2rep pretrain", "--epochs"),
		new Mirror(Pix2RepPretrainCommand.class, "batch", "pix2rep pretrain", "--batch"),
		new Mirror(Pix2RepPretrainCommand.class, "pixels", "pix2rep pretrain", "--pixels"),
		new Mirror(Pix2RepPretrainCommand.class, "temperature", "pix2rep pretrain", "--temperature"),
		new Mirror(Pix2RepPretrainCommand.class, "learning_rate", "pix2rep pretrain", "--learning-rate"),
		new Mirror(Pix2RepPretrainCommand.class, "size", "pix2rep pretrain", "--size"),
		new Mirror(Pix2RepPretrainCommand.class, "seed", "pix2rep pretrain", "--seed"),
		new Mirror(Pix2RepPretrainCommand.class, "device", "pix2rep pretrain", "--device"),
		new Mirror(Pix2RepPretrainCommand.class, "overwrite", "pix2rep pretrain", "--overwrite"),
		new Mirror(Pix2RepImportCommand.class, "overwrite", "pix2rep import-weights", "--overwrite"),
		new Mirror(Pix2RepTrainHeadCommand.class, "mode", "pix2rep train-head", "--mode"),
		new Mirror(Pix2RepTrainHeadCommand.class, "from_scratch", "pix2rep train-head", "--from-scratch"),
		new Mirror(Pix2RepTrainHeadCommand.class, "width", "pix2rep train-head", "--width"),
		new Mirror(Pix2RepTrainHeadCommand.class, "features", "pix2rep train-head", "--features"),
		new Mirror(Pix2RepTrainHeadCommand.class, "size", "pix2rep train-head", "--size"),
		new Mirror(Pix2RepTrainHeadCommand.class, "epochs", "pix2rep train-head", "--epochs"),
		new Mirror(Pix2RepTrainHeadCommand.class, "batch", "pix2rep train-head", "--batch"),
		new Mirror(Pix2RepTrainHeadCommand.class, "classes", "pix2rep train-head", "--classes"),
		new Mirror(Pix2RepTrainHeadCommand.class, "head_learning_rate", "pix2rep train-head", "--learning-rate"),
		new Mirror(Pix2RepTrainHeadCommand.class, "backbone_learning_rate", "pix2rep train-head", "--backbone-learning-rate"),
		new Mirror(Pix2RepTrainHeadCommand.class, "seed", "pix2rep train-head", "--seed"),
		new Mirror(Pix2RepTrainHeadCommand.class, "device", "pix2rep train-head", "--device"),
		new Mirror(Pix2RepTrainHeadCommand.class, "overwrite", "pix2rep train-head", "--overwrite"),
		new Mirror(Pix2RepSegmentCommand.class, "device", "pix2rep segment", "--device"),
		new Mirror(EvaluateCommand.class, "classes", "eval", "--classes"),
		new Mirror(EvaluateCommand.class, "overwrite", "eval", "--overwrite"));

	@Test
	void mirroredOptionsShareTheirDefaults() {
		CommandLine root = new CommandLine(Main.class, new Main.Factory(null));
		for (Mirror m : MIRRORS) {
			ModuleItem<?> item = new CommandInfo(m.command()).getInput(m.key());
			assertNotNull(item, m.command().getSimpleName() + " has no input " + m.key());
			CommandLine cl = root;
			for (String name : m.subcommand().split(" ")) cl = cl.getSubcommands().get(name);
			OptionSpec option = cl.getCommandSpec().findOption(m.option());
			assertNotNull(option, m.subcommand() + " has no option " + m.option());
			Object cli = option.defaultValue() != null ? option.defaultValue() : option.initialValue();
			assertEquals(text(item.getDefaultValue()), text(cli), m.key() + " vs " + m.subcommand() + " " + m.option());
		}
	}

	/** Defaults as text, no value and an empty string alike (both mean "none"). */
	private static String text(Object value) {
		return value == null ? "" : value.toString();
	}
}
