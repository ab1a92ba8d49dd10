package org.labelfit.commands;

import java.awt.HeadlessException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.Menus;

/**
 * LabelFit's ImageJ 1 macro commands and their registration where ImageJ cannot build its menus.
 * <p>
 * <b>One menu entry per command.</b> The menu items a Fiji or ImageJ user clicks are the lines of the repository's
 * {@code plugins.config}, each the {@link CommandBridge} with a SciJava command as argument; their labels are the
 * stable macro names below, also the commands' {@code @Plugin} labels. This is the only route that behaves the same
 * in plain ImageJ 1.x, in Fiji, headless and in batch mode, and that the macro recorder turns into
 * {@code run("MetaSeg Train", "images=... model=...")}: a SciJava command clicked in Fiji would be recorded under its
 * menu leaf ("Train") instead. The SciJava commands keep their menu paths as metadata but are declared
 * {@code visible = false}, so Fiji's legacy layer does not list them a second time.
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
	public static final String PIX2REP_PRETRAIN = "Pix2Rep Pretrain";
	public static final String PIX2REP_IMPORT = "Pix2Rep Import Weights";
	public static final String PIX2REP_TRAIN_HEAD = "Pix2Rep Train Head";
	public static final String PIX2REP_SEGMENT = "Pix2Rep Segment";
	public static final String OSSNET_IMPORT = "OSS-Net Import Weights";
	public static final String OSSNET_TRAIN = "OSS-Net Train";
	public static final String OSSNET_SEGMENT = "OSS-Net Segment";

	/** A plugins.config line: menu, "label", class, optionally ("argument"). */
	private static final Pattern ENTRY = Pattern.compile("^[^#\\s][^,]*,\\s*\"([^\"]+)\",\\s*(\\S.*?)\\s*$");

	private LabelFitMacros() {}

	/** Command name to ImageJ 1 command-table entry (class, optionally with its argument), read from plugins.config. */
	public static Map<String, String> commands() {
		Map<String, String> commands = new LinkedHashMap<>();
		try (InputStream in = pluginsConfig().openStream()) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
				Matcher m = ENTRY.matcher(line);
				if (m.matches()) commands.put(m.group(1), m.group(2));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return commands;
	}

	/** LabelFit's own plugins.config: in Fiji every plugin jar has one at its root. */
	private static URL pluginsConfig() throws IOException {
		String home = LabelFitMacros.class.getProtectionDomain().getCodeSource().getLocation().toString();
		for (URL url : Collections.list(LabelFitMacros.class.getClassLoader().getResources("plugins.config")))
			if (url.toString().contains(home)) return url;
		throw new IllegalStateException("plugins.config is missing beside LabelFit's classes (" + home + ")");
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
