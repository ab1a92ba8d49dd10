package org.labelfit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands: called on its own, it is a usage error naming them. */
public abstract class CommandGroup implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(spec.commandLine(), "choose a command: " + String.join(", ", spec.subcommands().keySet()));
	}
}
