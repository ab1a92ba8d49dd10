package org.labelfit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.labelfit.LabelFitException;
import org.labelfit.commands.MacroRunner;

@Command(name = "macro", mixinStandardHelpOptions = true,
	description = { "Runs an ImageJ macro headless, in batch mode, with LabelFit's commands available",
		"(run(\"MetaSeg Train\", …), run(\"MetaSeg Fit and Label\", …), run(\"Evaluate Segmentation\", …))." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit macro macros/batch_folder.ijm 'input=[scans] model=[brain.labelfit] output=[labels]'",
		"  labelfit macro my_pipeline.ijm" })
final class MacroCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FILE.ijm", description = "The macro file.")
	Path macro;

	@Parameters(index = "1", arity = "0..1", paramLabel = "ARGUMENT", description = "Passed to the macro's getArgument().")
	String argument = "";

	@Override
	public Integer call() {
		if (!Files.isRegularFile(macro)) throw new LabelFitException("macro not found: " + macro);
		MacroRunner.run(macro, argument);
		return Main.OK;
	}
}
