package org.labelfit.cli;

import java.nio.file.Path;
import java.util.Locale;

import picocli.CommandLine.Option;

import org.labelfit.LabelFitException;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.OutputFiles;
import org.labelfit.train.LossCurve;
import org.labelfit.train.LossHistory;

/** {@code --loss-curve FILE.png} of the training commands. */
public final class LossCurveOption {

	@Option(names = "--loss-curve", paramLabel = "FILE.png", description = "Also draw the training curves to this .png or .tif file.")
	Path file;

	/** Fails before training, not after it, when the curve could not be written. */
	public void check(Path model, boolean overwrite) {
		if (file == null) return;
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!name.endsWith(".png") && !name.endsWith(".tif") && !name.endsWith(".tiff"))
			throw new LabelFitException("--loss-curve must end in .png, .tif or .tiff: " + file);
		if (file.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize()))
			throw new LabelFitException("--loss-curve and --out name the same file: " + model);
		OutputFiles.requireWritable(file, overwrite);
	}

	public void write(LossHistory history, String title, Terminal terminal) {
		if (file == null) return;
		ImageFiles.writeImage(file, LossCurve.plot(history, title));
		terminal.out.println("Saved loss curve to " + file);
	}
}
