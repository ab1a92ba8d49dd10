package org.labelfit.commands;

import java.io.File;

import ij.ImagePlus;

import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

/**
 * The macro call that repeats a run, {@code run("Command", "key=value ...")}, recorded in the models LabelFit writes
 * as their provenance: the command's inputs in the order declared, values with spaces bracketed as ImageJ's recorder
 * does, ticked checkboxes as bare keys. Empty values, open images and {@code overwrite} are left out: repeating a run
 * must not replace what it made.
 */
public final class MacroCall {

	private MacroCall() {}

	/** The call repeating {@code command} with its current inputs. */
	public static String of(Command command) {
		return of(new CommandInfo(command.getClass()).createModule(command));
	}

	static String of(Module module) {
		StringBuilder options = new StringBuilder();
		for (ModuleItem<?> item : CommandOptions.options(module.getInfo())) {
			Object value = item.getValue(module);
			if (value == null || value instanceof ImagePlus || item.getName().equals("overwrite")) continue;
			String text = value instanceof File f ? f.getPath() : value.toString();
			if (value instanceof Boolean b) {
				if (b) options.append(' ').append(item.getName());
			}
			else if (!text.isEmpty()) options.append(' ').append(item.getName()).append('=').append(text.contains(" ") ? "[" + text + "]" : text);
		}
		return "run(\"" + module.getInfo().getLabel() + "\", \"" + options.toString().trim() + "\");";
	}
}
