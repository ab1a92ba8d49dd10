package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.labelfit.LabelFitException;
import org.labelfit.train.CancelledException;
import org.labelfit.train.Progress;

/**
 * Base of LabelFit's ImageJ 1 plugins: runs {@link #execute} and turns failures into one line for the user. With a
 * display that is {@link IJ#error}, which in a macro shows ImageJ's macro error dialog (message and line) and aborts
 * the macro. Headless the message goes to stderr and the running macro is aborted, so a batch run stops and
 * {@link MacroRunner} reports it; never a stack trace for a problem the user can fix.
 */
abstract class LabelFitPlugin implements PlugIn {

	/**
	 * The macro line of the last failure on this thread: ImageJ moves past the failing statement while aborting, so
	 * {@link MacroRunner} takes the line from here.
	 */
	private static final ThreadLocal<Integer> FAILED_LINE = new ThreadLocal<>();

	@Override
	public final void run(String arg) {
		try {
			execute(arg);
		}
		catch (LabelFitException e) {
			fail(e.getMessage(), e instanceof CancelledException);
		}
		catch (RuntimeException | OutOfMemoryError e) {
			// a bug or exhausted memory: the trace goes to the console, the user still sees one line
			e.printStackTrace();
			fail("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), false);
		}
	}

	/** Reads the options and calls the core; throws {@link LabelFitException} for anything the user can fix. */
	abstract void execute(String arg);

	/**
	 * Labels the current image and shows the label image, which becomes the active image (in batch mode and headless an
	 * ImageJ batch-mode image); in file mode writes the label files instead and logs them.
	 */
	static void labelOrWrite(String title, boolean fileMode, Function<Progress, List<Path>> files,
		BiFunction<ImagePlus, Progress, ImagePlus> label)
	{
		FijiProgress.run(title, () -> false, () -> {}, progress -> {
			if (fileMode) files.apply(progress).forEach(f -> IJ.log("LabelFit: wrote " + f));
			else label.apply(WindowManager.getCurrentImage(), progress).show();
		});
	}

	/** The plugin's title, the first word of its error messages. */
	abstract String title();

	private void fail(String message, boolean cancelled) {
		String text = title() + ": " + message;
		// the console keeps the message after the dialog is gone (Fiji's console, a launcher's terminal)
		System.err.println(text);
		Interpreter macro = Interpreter.getInstance();
		if (!GraphicsEnvironment.isHeadless()) {
			if (cancelled && macro == null) IJ.showStatus(text);
			else IJ.error(title(), message);
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
