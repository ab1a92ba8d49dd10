package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.util.Tools;

import org.scijava.command.CommandInfo;
import org.scijava.Context;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import org.labelfit.LabelFitException;

/**
 * A SciJava command's inputs read the ImageJ 1 way, under their field names as macro keys. With a display they come
 * from a {@link GenericDialog}, which in a macro reads them from the macro options without showing itself and which
 * the recorder records. Without a display (GenericDialog cannot be created there) they are read from
 * {@link Macro#getOptions()} the way GenericDialog reads them: {@link Macro#getValue} for values, a bare key for a
 * ticked checkbox, defaults for missing keys.
 * <p>
 * Supported inputs: String (a choice where the parameter has choices), File, boolean, int, long, double, ImagePlus.
 * An image is named by its title; the first image input defaults to the current image, the next ones to the images
 * opened before it. Where the command also has a File input {@code <key>_file}, {@code <key>=} may name a file
 * instead, which goes there.
 * <p>
 * ImageJ finds a key's value by searching for {@code key=} not preceded by a letter, so key {@code labels} would read
 * the value of {@code support_labels=}; commands with such pairs of keys are refused.
 */
final class CommandOptions {

	private final CommandInfo info;
	private final List<ModuleItem<?>> items = new ArrayList<>();
	private final String macroOptions = Macro.getOptions();

	CommandOptions(CommandInfo info) {
		this.info = info;
		items.addAll(options(info));
		checkKeys(items.stream().map(ModuleItem::getName).toList());
	}

	/** The inputs by name, ready for {@code CommandService.run}; null when the user cancelled the dialog. */
	Map<String, Object> read() {
		Map<String, Object> values = GraphicsEnvironment.isHeadless() ? fromMacro() : fromDialog();
		if (values == null) return null;
		for (ModuleItem<?> item : items) {
			Object v = values.get(item.getName());
			if (item.isRequired() && (v == null || v instanceof String s && s.isEmpty()))
				throw new LabelFitException(item.getName() + "= is required" + (blank(item.getDescription()) ? "" : ": " + item.getDescription()));
		}
		return values;
	}

	private Map<String, Object> fromMacro() {
		Map<String, Object> values = new LinkedHashMap<>();
		List<ImagePlus> taken = new ArrayList<>();
		for (ModuleItem<?> item : items) {
			String key = item.getName(), text = text(item);
			if (isBoolean(item)) values.put(key, macroOptions == null ? Boolean.parseBoolean(text) : hasBareKey(macroOptions, key));
			else if (item.getType() == ImagePlus.class) image(item, macroOptions == null ? "" : Macro.getValue(macroOptions, key, ""), taken, values);
			else put(values, item, macroOptions == null ? text : Macro.getValue(macroOptions, key, text));
		}
		return values;
	}

	private Map<String, Object> fromDialog() {
		// nothing to ask (sample data)
		if (items.isEmpty()) return Map.of();
		GenericDialog gd = new GenericDialog(info.getLabel());
		List<ImagePlus> taken = new ArrayList<>();
		for (ModuleItem<?> item : items) add(gd, item, taken);
		if (!blank(info.getDescription())) gd.addMessage(info.getDescription());
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		Map<String, Object> values = new LinkedHashMap<>();
		taken.clear();
		for (ModuleItem<?> item : items) {
			if (isBoolean(item)) values.put(item.getName(), gd.getNextBoolean());
			else if (item.getType() == ImagePlus.class) image(item, titles().length == 0 ? "" : gd.getNextChoice(), taken, values);
			else if (isChoice(item)) put(values, item, gd.getNextChoice());
			else if (isNumber(item)) {
				double v = gd.getNextNumber();
				put(values, item, Double.isNaN(v) ? "" : Double.toString(v));
			}
			else put(values, item, gd.getNextString());
		}
		return values;
	}

	/** The dialog field of {@code item}: its key first, as ImageJ takes the macro key from the field label's first word. */
	private static void add(GenericDialog gd, ModuleItem<?> item, List<ImagePlus> taken) {
		String label = item.getName() + (blank(item.getLabel()) ? "" : "  (" + item.getLabel() + ")"), text = text(item);
		String style = item.getWidgetStyle() == null ? "" : item.getWidgetStyle();
		if (isBoolean(item)) gd.addCheckbox(label, Boolean.parseBoolean(text));
		else if (item.getType() == ImagePlus.class) {
			// no images: no field, as an empty choice cannot be read
			ImagePlus initial = defaultImage(taken);
			if (initial != null) taken.add(initial);
			if (titles().length > 0) gd.addChoice(label, titles(), initial == null ? titles()[0] : initial.getTitle());
		}
		else if (isChoice(item)) gd.addChoice(label, item.getChoices().stream().map(String::valueOf).toArray(String[]::new), text);
		else if (isNumber(item)) gd.addNumericField(label, Double.parseDouble(text), decimals(text));
		else if (style.contains("directory")) gd.addDirectoryField(label, text);
		else if (style.contains("open") || style.contains("save")) gd.addFileField(label, text);
		else gd.addStringField(label, text, 30);
	}

	/** Converts the text of a string, file, number or choice input; blank files are null. */
	private static void put(Map<String, Object> values, ModuleItem<?> item, String value) {
		String key = item.getName(), text = value == null ? "" : value.trim();
		Class<?> type = item.getType();
		if (type == String.class) {
			if (isChoice(item) && !item.getChoices().contains(text))
				throw new LabelFitException("\"" + text + "\" is not a valid choice for " + key + " (" + String.join(", ", choices(item)) + ")");
			values.put(key, text);
		}
		// an image input may have set its file input already
		else if (type == File.class) {
			if (text.isEmpty()) values.putIfAbsent(key, null);
			else values.put(key, new File(text));
		}
		else {
			double v = Tools.parseDouble(text);
			if (Double.isNaN(v)) throw new LabelFitException(key + "=" + text + " is not a number");
			if (type == double.class || type == Double.class) values.put(key, v);
			else if (v != Math.rint(v) || Math.abs(v) > (type == long.class || type == Long.class ? Long.MAX_VALUE : Integer.MAX_VALUE))
				throw new LabelFitException(key + " must be a whole number, got " + text);
			else if (type == long.class || type == Long.class) values.put(key, (long) v);
			else values.put(key, (int) v);
		}
	}

	/**
	 * An image input from {@code title}; blank for the default image. A title no open image has is a file for the
	 * command's {@code <key>_file} input, where it has one and the file exists.
	 */
	private void image(ModuleItem<?> item, String title, List<ImagePlus> taken, Map<String, Object> values) {
		String key = item.getName();
		ImagePlus imp = title.isBlank() ? defaultImage(taken) : WindowManager.getImage(title);
		if (imp == null && !title.isBlank()) {
			if (info.getInput(key + "_file") == null || !new File(title).isFile())
				throw new LabelFitException(key + ": no open image is titled '" + title + "'" +
					(info.getInput(key + "_file") == null ? "" : " and no such file exists"));
			values.put(key + "_file", new File(title));
		}
		if (imp != null) taken.add(imp);
		values.put(key, imp);
	}

	/** The current image for the first image input, then the most recent images not yet taken. */
	private static ImagePlus defaultImage(List<ImagePlus> taken) {
		ImagePlus current = WindowManager.getCurrentImage();
		if (taken.isEmpty() || current == null) return current;
		int[] ids = WindowManager.getIDList();
		for (int i = ids == null ? -1 : ids.length - 1; i >= 0; i--) {
			ImagePlus imp = WindowManager.getImage(ids[i]);
			if (imp != null && !taken.contains(imp)) return imp;
		}
		return null;
	}

	private static String[] titles() {
		return WindowManager.getImageTitles();
	}

	/** The default as text: the field's initial value, blank for none. */
	private static String text(ModuleItem<?> item) {
		Object v = item.getDefaultValue();
		if (v == null) return isBoolean(item) ? "false" : isNumber(item) ? "0" : "";
		return v instanceof File f ? f.getPath() : v.toString();
	}

	/** Enough decimals to show the default exactly (1e-4 as 0.0001), at least 2 for fractional inputs. */
	private static int decimals(String text) {
		double v = Double.parseDouble(text);
		if (v == Math.rint(v)) return text.contains(".") || text.contains("E") ? 2 : 0;
		for (int d = 2; d < 9; d++) if (Math.abs(v * Math.pow(10, d) - Math.rint(v * Math.pow(10, d))) < 1e-6) return d;
		return 9;
	}

	private static boolean isBoolean(ModuleItem<?> item) {
		return item.getType() == boolean.class || item.getType() == Boolean.class;
	}

	private static boolean isNumber(ModuleItem<?> item) {
		return Number.class.isAssignableFrom(item.getType()) || item.getType().isPrimitive() && !isBoolean(item);
	}

	private static boolean isChoice(ModuleItem<?> item) {
		return item.getChoices() != null && !item.getChoices().isEmpty();
	}

	private static List<String> choices(ModuleItem<?> item) {
		return item.getChoices().stream().map(String::valueOf).toList();
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

	/** The inputs a user gives, in the order declared: not the context and services SciJava fills in. */
	static List<ModuleItem<?>> options(ModuleInfo info) {
		List<ModuleItem<?>> options = new ArrayList<>();
		for (ModuleItem<?> item : info.inputs())
			if (!Context.class.isAssignableFrom(item.getType()) && !Service.class.isAssignableFrom(item.getType())) options.add(item);
		return options;
	}

	/** Fails for keys ImageJ would confuse: one ending in "_" + another. */
	static void checkKeys(List<String> keys) {
		for (String a : keys)
			for (String b : keys)
				if (a.endsWith("_" + b)) throw new IllegalStateException("macro key " + b + " would be read from " + a + "=");
	}

	/** Whether {@code key} appears on its own (a ticked checkbox), outside any [bracketed value]. */
	static boolean hasBareKey(String options, String key) {
		String outside = options.replaceAll("\\[[^\\]]*\\]", "[]");
		for (String word : outside.trim().split("\\s+"))
			if (word.equals(key)) return true;
		return false;
	}
}
