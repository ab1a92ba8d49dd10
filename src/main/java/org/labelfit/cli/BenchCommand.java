package org.labelfit.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.GsonBuilder;

import ai.djl.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.metaseg.MetaSegBenchmark;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures how fast the methods run on this machine.",
	subcommands = BenchCommand.MetaSegBench.class, footerHeading = "%nExamples:%n",
	footer = { "  labelfit bench metaseg", "  labelfit bench metaseg --size 128 --repeats 10 --device cpu" })
final class BenchCommand extends CommandGroup {

	@Command(name = "metaseg", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Times MetaSeg on a random image.",
			"Times one fitting step, one first- and one second-order outer (meta-training) step, and fitting plus " +
				"labelling an image; reports median times and peak memory as JSON, then a summary line." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit bench metaseg",
			"  labelfit bench metaseg --config 2d-fine --size 256 --fit-steps 50 --device gpu" })
	static final class MetaSegBench implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--config", paramLabel = "2d|2d-fine|3d", description = "Network configuration. Default: ${DEFAULT-VALUE}.")
		String config = "2d";

		@Option(names = "--size", paramLabel = "N", description = "Image side (a cube's side for 3d). Default: ${DEFAULT-VALUE}.")
		int size = 192;

		@Option(names = "--classes", paramLabel = "N", description = "Classes with background. Default: ${DEFAULT-VALUE}.")
		int classes = 5;

		@Option(names = "--fit-steps", paramLabel = "T", description = "Fitting steps when labelling. Default: ${DEFAULT-VALUE}.")
		int fitSteps = 100;

		@Option(names = "--outer-steps", paramLabel = "N", description = "Outer steps timed per kind. Default: ${DEFAULT-VALUE}.")
		int outerSteps = 3;

		@Option(names = "--repeats", paramLabel = "N", description = "Timed fitting steps (after a warm-up). Default: ${DEFAULT-VALUE}.")
		int repeats = 5;

		@Option(names = "--memory-steps", paramLabel = "N",
			description = "Instead of timing, run N second-order outer steps and print resident memory every 100 steps.")
		int memorySteps;

		@Option(names = "--first-order", description = "With --memory-steps: first-order outer steps.")
		boolean firstOrder;

		@Mixin
		DeviceOption device;

		MetaSegBench(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (size < 8) throw new LabelFitException("--size must be at least 8, got " + size);
			if (fitSteps < 1 || outerSteps < 1 || repeats < 1)
				throw new LabelFitException("--fit-steps, --outer-steps and --repeats must be at least 1");
			Map<String, Object> result;
			try (TerminalProgress progress = terminal.progress()) {
				Device d = Engines.device(device.get(), progress::log);
				if (memorySteps > 0) {
					result = MetaSegBenchmark.memoryTrace(config, size, classes, memorySteps, 100, firstOrder, d, progress);
					terminal.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
					return Main.OK;
				}
				result = MetaSegBenchmark.run(config, size, classes, fitSteps, outerSteps, repeats, d, progress);
			}
			terminal.out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(result));
			terminal.out.println(String.format(
				"MetaSeg %s, %d points, %d classes: fit step %.1f ms; outer step %.3f s first-order, %.3f s second-order; " +
					"fit and label (%d steps) %.2f s; peak RSS %s MB", result.get("config"), result.get("points"), classes,
				seconds(result, "fit_step_seconds") * 1000, seconds(result, "first_order_outer_step_seconds"),
				seconds(result, "second_order_outer_step_seconds"), fitSteps, seconds(result, "fit_and_label_seconds"),
				result.get("peak_resident_mb")));
			return Main.OK;
		}

		private static double seconds(Map<String, Object> result, String key) {
			return ((Number) result.get(key)).doubleValue();
		}
	}
}
