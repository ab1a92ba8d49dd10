package org.labelfit.commands;

/**
 * The macro call that repeats a run, {@code run("Command", "key=value ...")}, recorded in the models LabelFit writes
 * as their provenance. Values with spaces are bracketed as ImageJ's recorder does; empty values are left out.
 */
final class MacroCall {

	private final String command;
	private final StringBuilder options = new StringBuilder();

	MacroCall(String command) {
		this.command = command;
	}

	MacroCall add(String key, Object value) {
		String text = value == null ? "" : value.toString();
		if (!text.isEmpty()) options.append(' ').append(key).append('=').append(text.contains(" ") ? "[" + text + "]" : text);
		return this;
	}

	/** A checkbox: the bare key when ticked. */
	MacroCall flag(String key, boolean ticked) {
		if (ticked) options.append(' ').append(key);
		return this;
	}

	@Override
	public String toString() {
		return "run(\"" + command + "\", \"" + options.toString().trim() + "\");";
	}
}
