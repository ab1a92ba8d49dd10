package org.labelfit.cli;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --device auto|cpu|gpu}, checked while parsing so that a typo fails before any data is read. */
public final class DeviceOption {

	private static final List<String> CHOICES = List.of("auto", "cpu", "gpu");

	@Spec(Spec.Target.MIXEE)
	CommandSpec spec;

	private String device = "auto";

	@Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
		description = "Where PyTorch runs: auto (a GPU if there is one), cpu or gpu. Default: auto.")
	void set(String value) {
		if (!CHOICES.contains(value))
			throw new ParameterException(spec.commandLine(), "--device must be auto, cpu or gpu, not '" + value + "'");
		device = value;
	}

	public String get() {
		return device;
	}
}
