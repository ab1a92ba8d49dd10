package org.labelfit.commands;

import java.awt.GraphicsEnvironment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import ij.Macro;
import ij.gui.GenericDialog;
import ij.util.Tools;

import org.labelfit.LabelFitException;

/**
 * An ImageJ 1 plugin's options under their macro keys. With a display they come from a {@link GenericDialog},
 * which in a macro reads them from the macro options without showing itself and which the recorder records.
 * Without a display (GenericDialog cannot be created there) they are read from {@link Macro#getOptions()} the way
 * GenericDialog reads them: {@link Macro#getValue} for values, a bare key for a ticked checkbox, defaults for
 * missing keys. Add the fields, {@link #show()}, then read them back in the same order.
 * <p>
 * ImageJ finds a key's value by searching for {@code key=} not preceded by a letter, so key {@code labels} would read the
 * value of {@code support_labels=}; such pairs of keys are refused when added.
 */
final class PluginOptions {

	private enum Kind {
		STRING, NUMBER, CHECKBOX, CHOICE
	}

	private record Field(String key, Kind kind, String value, String[] choices) {}

	private final GenericDialog dialog;
	private final String macroOptions;
	private final Deque<Field> fields = new ArrayDeque<>();

	PluginOptions(String title) {
		macroOptions = Macro.getOptions();
		dialog = GraphicsEnvironment.isHeadless() ? null : new GenericDialog(title);
	}

	void addString(String key, String value, int columns) {
		if (dialog != null) dialog.addStringField(key, value, columns);
		add(new Field(key, Kind.STRING, value, null));
	}

	void addFile(String key, String value) {
		if (dialog != null) dialog.addFileField(key, value);
		add(new Field(key, Kind.STRING, value, null));
	}

	void addDirectory(String key, String value) {
		if (dialog != null) dialog.addDirectoryField(key, value);
		add(new Field(key, Kind.STRING, value, null));
	}

	void addNumber(String key, double value, int decimals) {
		if (dialog != null) dialog.addNumericField(key, value, decimals);
		add(new Field(key, Kind.NUMBER, Double.toString(value), null));
	}

	void addCheckbox(String key, boolean value) {
		if (dialog != null) dialog.addCheckbox(key, value);
		add(new Field(key, Kind.CHECKBOX, Boolean.toString(value), null));
	}

	void addChoice(String key, String[] choices, String value) {
		if (dialog != null) dialog.addChoice(key, choices, value);
		add(new Field(key, Kind.CHOICE, value, choices));
	}

	private void add(Field field) {
		for (Field f : fields)
			if (f.key.endsWith("_" + field.key) || field.key.endsWith("_" + f.key))
				throw new IllegalStateException("macro key " + field.key + " would be read from " + f.key + "= (or the other way round)");
		fields.add(field);
	}

	void addMessage(String text) {
		if (dialog != null) dialog.addMessage(text);
	}

	/** Shows the dialog (not in a macro, not headless); false when the user cancelled it. */
	boolean show() {
		if (dialog == null) return true;
		dialog.showDialog();
		return !dialog.wasCanceled();
	}

	String nextString() {
		Field f = next(Kind.STRING);
		return (dialog != null ? dialog.getNextString() : Macro.getValue(macroOptions, f.key, f.value)).trim();
	}

	double nextNumber() {
		Field f = next(Kind.NUMBER);
		if (dialog != null) {
			double v = dialog.getNextNumber();
			if (Double.isNaN(v)) throw new LabelFitException(f.key + " must be a number");
			return v;
		}
		String text = Macro.getValue(macroOptions, f.key, f.value);
		double v = Tools.parseDouble(text);
		if (Double.isNaN(v)) throw new LabelFitException(f.key + "=" + text + " is not a number");
		return v;
	}

	int nextInt() {
		Field f = fields.peek();
		double v = nextNumber();
		if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new LabelFitException(f.key + " must be a whole number, got " + v);
		return (int) v;
	}

	boolean nextBoolean() {
		Field f = next(Kind.CHECKBOX);
		if (dialog != null) return dialog.getNextBoolean();
		return macroOptions == null ? Boolean.parseBoolean(f.value) : hasBareKey(macroOptions, f.key);
	}

	String nextChoice() {
		Field f = next(Kind.CHOICE);
		if (dialog != null) return dialog.getNextChoice();
		String v = Macro.getValue(macroOptions, f.key, f.value);
		if (!Arrays.asList(f.choices).contains(v))
			throw new LabelFitException("\"" + v + "\" is not a valid choice for " + f.key + " (" + String.join(", ", f.choices) + ")");
		return v;
	}

	private Field next(Kind kind) {
		Field f = fields.poll();
		if (f == null || f.kind != kind) throw new IllegalStateException("options read in another order than added");
		return f;
	}

	/** Whether {@code key} appears on its own (a ticked checkbox), outside any [bracketed value]. */
	static boolean hasBareKey(String options, String key) {
		String outside = options.replaceAll("\\[[^\\]]*\\]", "[]");
		for (String word : outside.trim().split("\\s+"))
			if (word.equals(key)) return true;
		return false;
	}
}
