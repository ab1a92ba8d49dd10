package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;

import org.labelfit.LabelFitException;

/** What the command tests share: running SciJava commands, their and macros' one-line errors, label files written. */
final class CommandTests {

	private CommandTests() {}

	static String path(Path p) {
		return p.toAbsolutePath().toString();
	}

	/** Runs a command headless with inputs given as name, value, name, value, .... */
	static CommandModule run(CommandService commands, Class<? extends Command> type, Object... inputs) throws Exception {
		Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2) map.put((String) inputs[i], inputs[i + 1]);
		return commands.run(type, true, map).get();
	}

	/** The macro call {@link MacroCall} records for a command with these inputs (name, value, ...), the others at their defaults. */
	static String macroCall(Class<? extends Command> type, Object... inputs) throws ModuleException {
		Module module = new CommandInfo(type).createModule();
		for (int i = 0; i < inputs.length; i += 2) module.setInput((String) inputs[i], inputs[i + 1]);
		return MacroCall.of(module);
	}

	/** The LabelFitException at the root of a command's failure; its message is one line. */
	static String commandError(CommandService commands, Class<? extends Command> type, Object... inputs) {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(commands, type, inputs));
		Throwable t = e;
		while (t != null && !(t instanceof LabelFitException)) t = t.getCause();
		assertNotNull(t, "no LabelFitException in " + e);
		assertFalse(t.getMessage().contains("\n"), "one line: " + t.getMessage());
		return t.getMessage();
	}

	/** The error a macro stops with, "test.ijm line N: message", one line. */
	static String macroError(String macro) {
		String error = assertThrows(LabelFitException.class, () -> MacroRunner.run(macro, "", "test.ijm")).getMessage();
		assertFalse(error.contains("\n"), "one line: " + error);
		return error;
	}

	/** Makes images findable by title, as open images are in Fiji: headless, ImageJ lists batch-mode images. */
	static void open(ImagePlus... images) {
		Interpreter.batchMode = true;
		for (ImagePlus imp : images) Interpreter.addBatchModeImage(imp);
	}

	/** Closes the images a test left open: headless, ImageJ lists them as batch-mode images. */
	static void closeImages() {
		Interpreter.batchMode = true;
		for (int id : Interpreter.getBatchModeImageIDs()) Interpreter.removeBatchModeImage(WindowManager.getImage(id));
		Interpreter.batchMode = false;
	}

	/** A 16-bit label file of the 32-pixel-wide test images. */
	static void assertLabelFile(Path file) {
		assertTrue(Files.isRegularFile(file), file + " written");
		ImagePlus imp = IJ.openImage(path(file));
		assertEquals(ImagePlus.GRAY16, imp.getType());
		assertEquals(32, imp.getWidth());
	}
}
