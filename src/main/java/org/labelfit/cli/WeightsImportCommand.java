package org.labelfit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options and run of every method's {@code import-weights}: a state dict in, a model file out. Subclasses
 * carry their own {@code @Command} help and say what importing means for their method.
 */
public abstract class WeightsImportCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Parameters(index = "0", paramLabel = "WEIGHTS", description = "The state dict: FILE.safetensors or FILE.npz.")
	Path weights;

	@Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model file to write (exactly this path).")
	Path out;

	@Option(names = "--overwrite", description = "Replace an existing model file.")
	boolean overwrite;

	protected WeightsImportCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	/** Imports and saves; returns what the "wrote MODEL (…)" line says about the model. */
	protected abstract String importWeights(Path weights, Path out, boolean overwrite, String commandLine);

	@Override
	public Integer call() {
		terminal.out.println("wrote " + out + " (" + importWeights(weights, out, overwrite, terminal.commandLine()) + ")");
		return Main.OK;
	}
}
