package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleItem;

import org.labelfit.LabelFitException;
import org.labelfit.train.CancelledException;

/**
 * The ImageJ 1 face of every LabelFit SciJava command: {@code plugins.config} names this class with the command's
 * class as argument, and the menu label there is the macro command. The options are the command's inputs under their
 * field names ({@link CommandOptions}); the command runs through {@link CommandService}; its image outputs are shown
 * in the order declared, so the last becomes the active image (in batch mode and headless a batch-mode image).
 * <p>
 * Failures are one line for the user. With a display that is {@link IJ#error}, which in a macro shows ImageJ's macro
 * error dialog (message and line) and aborts the macro. Headless the message goes to stderr and the running macro is
 * aborted, so a batch run stops and {@link MacroRunner} reports it; never a stack trace for a problem the user can fix.
 */
public class CommandBridge implements PlugIn {

	/**
	 * The macro line of the last failure on this thread: ImageJ moves past the failing statement while aborting, so
	 * {@link MacroRunner} takes the line from here.
	 */
	private static final ThreadLocal<Integer> FAILED_LINE = new ThreadLocal<>();

	private static Context context;

	@Override
	public void run(String commandClass) {
		CommandInfo info = commands().getCommand(commandClass);
		if (info == null) throw new IllegalArgumentException("no SciJava command " + commandClass + " (plugins.config)");
		try {
			Map<String, Object> inputs = new CommandOptions(info).read();
			if (inputs == null) return;
			CommandModule module = commands().run(info, true, inputs).get();
			if (module.isCanceled()) fail(info.getLabel(), module.getCancelReason(), true);
			else show(module);
		}
		catch (ExecutionException e) {
			failed(info, e.getCause());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			fail(info.getLabel(), "interrupted", true);
		}
		catch (RuntimeException e) {
			failed(info, e);
		}
	}

	private static void show(Module module) {
		for (ModuleItem<?> item : module.getInfo().outputs())
			if (module.getOutput(item.getName()) instanceof ImagePlus imp) imp.show();
	}

	private static void failed(CommandInfo info, Throwable e) {
		// SciJava wraps what a command throws
		Throwable cause = e;
		while (cause != null && !(cause instanceof LabelFitException)) cause = cause.getCause();
		if (cause != null) fail(info.getLabel(), cause.getMessage(), cause instanceof CancelledException);
		else {
			// a bug or exhausted memory: the trace goes to the console, the user still sees one line
			e.printStackTrace();
			fail(info.getLabel(), "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), false);
		}
	}

	/**
	 * Fiji's own SciJava context, or where ImageJ runs without ImageJ2 (plain ImageJ 1.x, headless batch runs) one of
	 * LabelFit's own, made once.
	 */
	static synchronized CommandService commands() {
		if (context == null) context = fijiContext();
		if (context == null) {
			context = new Context(CommandService.class);
			// the bridge reports a command's failure in one line; SciJava would add the stack trace
			context.service(LogService.class).setLevel(ModuleRunner.class.getName(), LogLevel.NONE);
		}
		return context.service(CommandService.class);
	}

	/** imagej-legacy answers this call with Fiji's context; without it there is none to share. */
	private static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService");
		}
		catch (ClassNotFoundException e) {
			return null;
		}
		return (Context) IJ.runPlugIn(Context.class.getName(), "");
	}

	private static void fail(String title, String message, boolean cancelled) {
		String text = title + ": " + message;
		// the console keeps the message after the dialog is gone (Fiji's console, a launcher's terminal)
		System.err.println(text);
		Interpreter macro = Interpreter.getInstance();
		if (!GraphicsEnvironment.isHeadless()) {
			if (cancelled && macro == null) IJ.showStatus(text);
			else IJ.error(title, message);
			return;
		}
		if (macro != null) {
			FAILED_LINE.set(macro.getLineNumber());
			try {
				macro.abort(text);
			}
			catch (HeadlessException e) {
				// ImageJ stopped the macro and kept the message, then failed to open its error dialog
			}
		}
	}

	/** The line where a LabelFit command failed on this thread since the last call, or null; clears it. */
	static Integer takeFailedLine() {
		Integer line = FAILED_LINE.get();
		FAILED_LINE.remove();
		return line;
	}
}
