package org.labelfit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import ai.djl.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.io.OutputFiles;
import org.labelfit.metaseg.MetaSegBenchmark;
import org.labelfit.ossnet.OssNetBenchmark;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetVariant;
import org.labelfit.pix2rep.Pix2RepBenchmark;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.pix2rep.Pix2RepProbeBenchmark;
import org.labelfit.universeg.UniverSegBenchmark;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegTaskBenchmark;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures how fast the methods run on this machine.",
	subcommands = { BenchCommand.MetaSegBench.class, BenchCommand.UniverSegBench.class, BenchCommand.UniverSegTasksBench.class, BenchCommand.Pix2RepBench.class,
		BenchCommand.Pix2RepProbeBench.class, BenchCommand.OssNetBench.class },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit bench metaseg", "  labelfit bench metaseg --size 128 --repeats 10 --device cpu", "  labelfit bench universeg",
		"  labelfit bench universeg-tasks --model universeg.labelfit --tasks eval/wbc_cv eval/medscribble_SCD",
		"  labelfit bench pix2rep --width 16 --features 128 --steps 5 --inference", "  labelfit bench pix2rep-probe",
		"  labelfit bench ossnet --variant C --grid 64,64,32 --points 4096" })
final class BenchCommand extends CommandGroup {

	/** How every benchmark prints its results. */
	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().create();

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
					terminal.out.println(JSON.toJson(result));
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

	@Command(name = "universeg", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Times one UniverSeg query per support size.",
			"Forward pass and sigmoid of a 128×128 query with untrained v1 weights (speed does not depend on their values); " +
				"median seconds per query and the process's peak memory per support size, as JSON." },
		footerHeading = "%nExamples:%n", footer = { "  labelfit bench universeg", "  labelfit bench universeg --support-sizes 1,8,64 --repeats 3" })
	static final class UniverSegBench implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--support-sizes", split = ",", paramLabel = "S,S,...", description = "Default: 1,4,16,32.")
		List<Integer> supportSizes = List.of(1, 4, 16, 32);

		@Option(names = "--repeats", paramLabel = "N", description = "Timed queries per size (after a warm-up). Default: ${DEFAULT-VALUE}.")
		int repeats = 5;

		@Mixin
		DeviceOption device;

		UniverSegBench(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (repeats < 1 || supportSizes.stream().anyMatch(x -> x < 1))
				throw new LabelFitException("--repeats and every support size must be at least 1");
			Map<String, Object> result;
			try (TerminalProgress progress = terminal.progress()) {
				result = UniverSegBenchmark.run(supportSizes.stream().mapToInt(Integer::intValue).toArray(), repeats,
					Engines.device(device.get(), progress::log), progress);
			}
			terminal.out.println(JSON.toJson(result));
			return Main.OK;
		}
	}

	@Command(name = "universeg-tasks", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Scores a UniverSeg model on held-out tasks against a random-forest pixel classifier.",
			"Each task folder holds images/ and labels/. Every query (up to --queries per task) is segmented from supports " +
				"drawn from the task's other examples, at each support size, with and without an ensemble, and by a random " +
				"forest on filter features trained on the same supports. Dice per label on the model's grid, as JSON." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit bench universeg-tasks --model universeg.labelfit --tasks eval/wbc_cv \\",
			"      --support-sizes 1,4,16,32 --ensemble 4 --queries 20 --json wbc.json" })
	static final class UniverSegTasksBench implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--model", required = true, paramLabel = "MODEL", description = "A UniverSeg model file.")
		Path model;

		@Option(names = "--tasks", required = true, arity = "1..*", paramLabel = "DIR", description = "Task folders with images/ and labels/.")
		List<Path> tasks;

		@Option(names = "--support-sizes", split = ",", paramLabel = "S,S,...", description = "Default: 1,4,16,32.")
		List<Integer> supportSizes = List.of(1, 4, 16, 32);

		@Option(names = "--ensemble", paramLabel = "K", description = "Subsets of the ensembled runs. Default: ${DEFAULT-VALUE}.")
		int ensemble = 4;

		@Option(names = "--queries", paramLabel = "N", description = "Queries per task at most. Default: ${DEFAULT-VALUE}.")
		int queries = 20;

		@Option(names = "--seed", paramLabel = "N", description = "Seed for queries and supports. Default: ${DEFAULT-VALUE}.")
		long seed = 1;

		@Option(names = "--json", paramLabel = "FILE", description = "Also write the result to this file.")
		Path json;

		@Mixin
		DeviceOption device;

		UniverSegTasksBench(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (ensemble < 1 || queries < 1 || supportSizes.stream().anyMatch(x -> x < 1))
				throw new LabelFitException("--ensemble, --queries and every support size must be at least 1");
			if (json != null) OutputFiles.requireWritable(json, true);
			UniverSegModel m = UniverSegModelFile.load(model);
			Map<String, Object> result;
			try (TerminalProgress progress = terminal.progress()) {
				result = UniverSegTaskBenchmark.run(m, tasks, new UniverSegTaskBenchmark.Settings(
					supportSizes.stream().mapToInt(Integer::intValue).toArray(), ensemble, queries, seed), Engines.device(device.get(),
						progress::log), progress);
			}
			String text = JSON.toJson(result);
			if (json != null) OutputFiles.writeText(json, text);
			terminal.out.println(text);
			return Main.OK;
		}
	}

	@Command(name = "pix2rep", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Times Pix2Rep's pretraining step and inference on random 128×128 slices.",
			"One pretraining step (two augmented views, backbone and projection head, warp, NT-Xent over 1000 pixels, " +
				"backward, Adam) per --steps, after a warm-up; with --inference also the backbone forward of one slice. " +
				"Median, min and max seconds and the peak resident memory (VmHWM) as JSON." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit bench pix2rep --steps 5", "  labelfit bench pix2rep --width 64 --features 1024 --steps 0 --inference" })
	static final class Pix2RepBench implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--width", paramLabel = "W", description = "Backbone width. Default: ${DEFAULT-VALUE} (paper 64).")
		int width = Pix2RepConfig.DEFAULT_WIDTH;

		@Option(names = "--features", paramLabel = "F", description = "Feature channels. Default: ${DEFAULT-VALUE} (paper 1024).")
		int features = Pix2RepConfig.DEFAULT_FEATURES;

		@Option(names = "--batch", paramLabel = "N", description = "Slices per pretraining step. Default: ${DEFAULT-VALUE}.")
		int batch = 8;

		@Option(names = "--steps", paramLabel = "N", description = "Timed pretraining steps (0: none). Default: ${DEFAULT-VALUE}.")
		int steps = 5;

		@Option(names = "--inference", description = "Also time the backbone forward of one slice.")
		boolean inference;

		@Option(names = "--repeats", paramLabel = "N", description = "Timed slices with --inference. Default: ${DEFAULT-VALUE}.")
		int repeats = 3;

		@Mixin
		DeviceOption device;

		Pix2RepBench(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (steps < 0 || repeats < 1 || batch < 2) throw new LabelFitException("--steps must be 0 or more, --repeats 1 or more and --batch 2 or more");
			if (steps == 0 && !inference) throw new LabelFitException("nothing to time: give --steps 1 or more, or --inference");
			Map<String, Object> result;
			try (TerminalProgress progress = terminal.progress()) {
				result = Pix2RepBenchmark.run(width, features, batch, steps, inference ? repeats : 0, Engines.device(device.get(), progress::log),
					progress);
			}
			terminal.out.println(JSON.toJson(result));
			return Main.OK;
		}
	}

	@Command(name = "pix2rep-probe", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Times Pix2Rep's interactive probe loop on one slice, as the Fiji commands run it.",
			"Scribbles of two classes on a --side x --side slice: the first Train Head (frozen features computed, probe " +
				"trained for --epochs), a retrain after more scribbles (features from the session cache), Segment with the " +
				"new head (cached), and Segment without the cache for reference; seconds as JSON." },
		footerHeading = "%nExamples:%n", footer = { "  nice -n 10 labelfit bench pix2rep-probe", "  labelfit bench pix2rep-probe --epochs 50" })
	static final class Pix2RepProbeBench implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--width", paramLabel = "W", description = "Backbone width. Default: ${DEFAULT-VALUE} (paper 64).")
		int width = Pix2RepConfig.DEFAULT_WIDTH;

		@Option(names = "--features", paramLabel = "F", description = "Feature channels. Default: ${DEFAULT-VALUE} (paper 1024).")
		int features = Pix2RepConfig.DEFAULT_FEATURES;

		@Option(names = "--side", paramLabel = "N", description = "Slice side in pixels. Default: ${DEFAULT-VALUE}.")
		int side = 256;

		@Option(names = "--epochs", paramLabel = "N", description = "Probe epochs per training. Default: ${DEFAULT-VALUE} (the command's).")
		int epochs = 200;

		@Option(names = "--repeats", paramLabel = "N", description = "Timed retrains and labellings. Default: ${DEFAULT-VALUE}.")
		int repeats = 3;

		@Mixin
		DeviceOption device;

		Pix2RepProbeBench(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (side < 32 || epochs < 1 || repeats < 1) throw new LabelFitException("--side must be 32 or more, --epochs and --repeats 1 or more");
			Map<String, Object> result;
			try (TerminalProgress progress = terminal.progress()) {
				result = Pix2RepProbeBenchmark.run(width, features, side, epochs, repeats, device.get(), progress);
			}
			terminal.out.println(JSON.toJson(result));
			return Main.OK;
		}
	}

	@Command(name = "ossnet", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Times OSS-Net's training step and MISE inference on a random volume.",
			"One training step on one volume (augmentation, --points points with half from the border, patches, encoder " +
				"and decoder, BCE, backward, Lookahead around RAdam) per --steps, after a warm-up, then one MISE segmentation " +
				"of the volume per --repeats. BraTS channels and depth (4, 4 blocks) on --grid. Median, min and max seconds, " +
				"the decoder queries and the peak resident memory (VmHWM) as JSON." },
		footerHeading = "%nExamples:%n",
		footer = { "  nice -n 10 labelfit bench ossnet", "  labelfit bench ossnet --variant D --grid 128,128,64 --points 16384 --steps 2 --repeats 1" })
	static final class OssNetBench implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--variant", paramLabel = "onet|A|B|C|D", description = "Network variant. Default: ${DEFAULT-VALUE}.")
		String variant = "C";

		@Option(names = "--grid", paramLabel = "X,Y,Z", description = "Padded grid, multiples of 32. Default: ${DEFAULT-VALUE} (BraTS 256,256,160).")
		String grid = "64,64,32";

		@Option(names = "--points", paramLabel = "N", description = "Points per training step. Default: ${DEFAULT-VALUE} (official 2^17).")
		int points = 4096;

		@Option(names = "--steps", paramLabel = "N", description = "Timed training steps (0: none). Default: ${DEFAULT-VALUE}.")
		int steps = 3;

		@Option(names = "--repeats", paramLabel = "N", description = "Timed MISE segmentations (0: none). Default: ${DEFAULT-VALUE}.")
		int repeats = 3;

		@Mixin
		DeviceOption device;

		OssNetBench(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			if (steps < 0 || repeats < 0 || points < 1) throw new LabelFitException("--steps and --repeats must be 0 or more, --points 1 or more");
			if (steps == 0 && repeats == 0) throw new LabelFitException("nothing to time: give --steps or --repeats 1 or more");
			OssNetConfig config = new OssNetConfig(OssNetVariant.of(variant), 4, 4, OssNetConfig.Grid.parse(grid));
			Map<String, Object> result;
			try (TerminalProgress progress = terminal.progress()) {
				result = OssNetBenchmark.run(config, points, steps, repeats, Engines.device(device.get(), progress::log), progress);
			}
			terminal.out.println(JSON.toJson(result));
			return Main.OK;
		}
	}
}
