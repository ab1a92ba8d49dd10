package org.labelfit.commands;

import java.awt.HeadlessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

import org.labelfit.LabelFitException;

/** Runs an ImageJ macro file with LabelFit's commands registered, in batch mode, without a display. */
public final class MacroRunner {

	private MacroRunner() {}

	/**
	 * Runs {@code macroFile} with {@code argument} as its {@code getArgument()}. A macro error, including one of
	 * LabelFit's commands failing, becomes a {@link LabelFitException} "FILE line N: message"; {@code exit()} ends the
	 * macro normally, as in ImageJ.
	 */
	public static void run(Path macroFile, String argument) {
		String text;
		try {
			text = Files.readString(macroFile, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read macro " + macroFile + ": " + e.getMessage(), e);
		}
		run(text, argument, macroFile.getFileName().toString());
	}

	/** Runs macro {@code text}; {@code name} labels its errors. */
	static void run(String text, String argument, String name) {
		LabelFitMacros.register();
		CommandBridge.takeFailedLine();
		Interpreter interpreter = new Interpreter();
		Interpreter.batchMode = true;
		try {
			interpreter.run(text, argument == null ? "" : argument);
		}
		catch (HeadlessException e) {
			// after a macro error ImageJ tries to show its error dialog; the error itself is read below
			if (!interpreter.wasError())
				throw new LabelFitException(name + " line " + interpreter.getLineNumber() + ": this command needs a display", e);
		}
		catch (RuntimeException e) {
			// exit() ends a macro this way; its message, if any, is printed already
			if (!Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
		}
		finally {
			// nothing can show the images the macro left open: drop them, as ImageJ's -batch run does on exit; ImageJ
			// lists them only in batch mode, which the macro may have left
			Interpreter.batchMode = true;
			for (int id : Interpreter.getBatchModeImageIDs()) Interpreter.removeBatchModeImage(WindowManager.getImage(id));
			Interpreter.batchMode = false;
		}
		Integer commandLine = CommandBridge.takeFailedLine();
		if (interpreter.wasError()) {
			int line = commandLine != null ? commandLine : interpreter.getLineNumber();
			throw new LabelFitException(name + " line " + line + ": " + interpreter.getErrorMessage());
		}
	}
}
