package org.labelfit.cli.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.labelfit.cli.CommandGroup;
import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.LabelFitException;
import org.labelfit.sample.SampleData;

@Command(name = "sample-data", mixinStandardHelpOptions = true, description = "Synthetic brain phantoms to try LabelFit on.",
	subcommands = SampleDataCommand.Generate.class, footerHeading = "%nExamples:%n",
	footer = { "  labelfit sample-data generate", "  labelfit sample-data generate --out phantoms --train 40 --size 192" })
public final class SampleDataCommand extends CommandGroup {

	/** The shipped sample data: {@code sample-data/} under the LabelFit home (set by the launcher), else the current folder. */
	public static Path defaultFolder() {
		String home = System.getProperty("labelfit.home");
		return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).resolve("sample-data");
	}

	@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Writes phantom images and labels as TIFFs.",
			"Classes: background, CSF, grey, white and deep grey matter. Layout:",
			"  DIR/classes.txt                            class names, label 0 first",
			"  DIR/train/{images,labels}/subject_NNN.tif  2D training pairs",
			"  DIR/test/{images,labels}/subject_NNN.tif   2D test pairs",
			"  DIR/phantom3d/{images,labels}/phantom3d_000.tif  a 3D volume",
			"The same seed always gives the same phantoms." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit sample-data generate",
			"  labelfit sample-data generate --out phantoms --seed 3 --train 40 --size 192" })
	public static final class Generate implements Callable<Integer> {

		private static final List<String> PARTS = List.of("classes.txt", "train", "test", "phantom3d");

		private final Terminal terminal;

		@Option(names = "--out", paramLabel = "DIR", description = "Folder to write; default: sample-data/ in the LabelFit folder.")
		Path out;

		@Option(names = "--seed", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
		long seed = 7;

		@Option(names = "--train", paramLabel = "N", description = "Training subjects. Default: ${DEFAULT-VALUE}.")
		int train = 20;

		@Option(names = "--test", paramLabel = "N", description = "Test subjects. Default: ${DEFAULT-VALUE}.")
		int test = 5;

		@Option(names = "--size", paramLabel = "N", description = "Image side in pixels. Default: ${DEFAULT-VALUE}.")
		int size = 128;

		public Generate(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			Path dir = out != null ? out : defaultFolder();
			// writing over an older data set could leave a mix of both, paired by name as if they belonged together
			for (String part : PARTS) {
				if (Files.exists(dir.resolve(part)))
					throw new LabelFitException(dir.resolve(part) + " already exists; remove the old sample data first or choose another --out");
			}
			Path parent = dir.toAbsolutePath().getParent();
			if (parent != null && !Files.isDirectory(parent)) throw new LabelFitException("output folder's parent does not exist: " + parent);
			SampleData.write(dir, seed, train, test, size);
			terminal.out.println("Wrote " + train + " training and " + test + " test phantoms (" + size + "×" + size + ") and a 3D phantom to " +
				dir);
			return Main.OK;
		}
	}
}
