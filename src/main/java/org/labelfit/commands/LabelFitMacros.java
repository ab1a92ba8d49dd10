package org.labelfit.commands;

import java.awt.HeadlessException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.IJ;
import ij.Menus;

/**
 * LabelFit's ImageJ 1 macro commands and their registration where ImageJ cannot build its menus.
 * <p>
 * <b>One menu entry per command.</b> The menu items a Fiji or ImageJ user clicks are the ImageJ 1 plugins named in
 * the repository's {@code plugins.config}; their labels are the stable macro names below. This is the only route
 * that behaves the same in plain ImageJ 1.x, in Fiji, headless and in batch mode, and that the macro recorder turns
 * into {@code run("MetaSeg Train", "images=... model=...")}: a SciJava command clicked in Fiji would be recorded
 * under its menu leaf ("Train") instead. The SciJava commands ({@link MetaSegTrainCommand} and the others) are the
 * scripting API for {@code CommandService} and SciJava scripts; they keep their menu paths as metadata but are
 * declared {@code visible = false}, so Fiji does not list them a second time. Both routes call the same
 * parameter-to-core classes ({@link TrainParameters}, {@link LabelParameters}, {@link UniverSegSegmentParameters},
 * {@link UniverSegTrainParameters}, {@link UniverSegImportParameters}, {@link SegmentationEvaluation}, {@link SamplePhantoms}).
 */
public final class LabelFitMacros {

	public static final String TRAIN = "MetaSeg Train";
	public static final String LABEL = "MetaSeg Fit and Label";
	public static final String EVALUATE = "Evaluate Segmentation";
	public static final String PHANTOM_2D = "Brain Phantom (2D)";
	public static final String PHANTOM_3D = "Brain Phantom (3D)";
	public static final String UNIVERSEG_SEGMENT = "UniverSeg Segment";
	public static final String UNIVERSEG_TRAIN = "UniverSeg Train";
	public static final String UNIVERSEG_IMPORT = "UniverSeg Import Weights";

	private LabelFitMacros() {}

	/** Command name to ImageJ 1 command-table entry (class, optionally with its argument), as in plugins.config. */
	public static Map<String, String> commands() {
		Map<String, String> commands = new LinkedHashMap<>();
		commands.put(TRAIN, MetaSegTrainPlugin.class.getName());
		commands.put(LABEL, MetaSegLabelPlugin.class.getName());
		commands.put(UNIVERSEG_SEGMENT, UniverSegSegmentPlugin.class.getName());
		commands.put(UNIVERSEG_TRAIN, UniverSegTrainPlugin.class.getName());
		commands.put(UNIVERSEG_IMPORT, UniverSegImportPlugin.class.getName());
		commands.put(EVALUATE, EvaluatePlugin.class.getName());
		commands.put(PHANTOM_2D, SampleDataPlugin.class.getName() + "(\"2d\")");
		commands.put(PHANTOM_3D, SampleDataPlugin.class.getName() + "(\"3d\")");
		return commands;
	}

	/**
	 * Makes {@code run("MetaSeg Fit and Label", ...)} and the other commands work in a macro without a display.
	 * Headless, ImageJ fails while building its menu bar and leaves the command table empty; the commands are then
	 * put into it directly. Where ImageJ has read plugins.config already, the entries are the same. Idempotent.
	 */
	public static synchronized void register() {
		Hashtable<String, String> table = commandTable();
		commands().forEach(table::put);
	}

	@SuppressWarnings("unchecked")
	private static Hashtable<String, String> commandTable() {
		if (Menus.getCommands() == null) initialiseImageJ();
		Hashtable<String, String> table = Menus.getCommands();
		if (table == null) throw new IllegalStateException("ImageJ's command table could not be created");
		return table;
	}

	/**
	 * What {@code IJ.run} does first when ImageJ was not started: build the menus and the command table. Without a
	 * display this fails half-way with a HeadlessException and leaves an empty table. Called reflectively because
	 * {@code IJ.init()} is package-private, and running a command to trigger it would show an error with a display.
	 */
	private static void initialiseImageJ() {
		try {
			Method init = IJ.class.getDeclaredMethod("init");
			init.setAccessible(true);
			init.invoke(null);
		}
		catch (InvocationTargetException e) {
			if (!(e.getCause() instanceof HeadlessException)) throw new IllegalStateException("ImageJ could not start", e.getCause());
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("this ImageJ version cannot be initialised without its user interface", e);
		}
	}
}
