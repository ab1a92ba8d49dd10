package org.labelfit.cli.pix2rep;

import picocli.CommandLine.Option;

import org.labelfit.pix2rep.Pix2RepPreprocessing;

/** The preprocessing options pretrain and train-head share; the model stores them so segment reuses them. */
public final class PreprocessingOptions {

	@Option(names = "--interpolation", paramLabel = "bilinear|nearest",
		description = "Image resize to the grid (nearest: the official code's choice). Default: bilinear, or the pretrained model's.")
	String interpolation;

	@Option(names = "--crop", paramLabel = "X,Y,W,H",
		description = "Fixed crop before everything, each value in pixels or %% of the side (e.g. 10%%,10%%,65%%,65%%).")
	String crop;

	/** The preprocessing asked for, or null when neither option is given (train-head then keeps the pretrained model's). */
	Pix2RepPreprocessing get(int size) {
		return interpolation == null && crop == null ? null : new Pix2RepPreprocessing(size, interpolation(), crop());
	}

	/** The interpolation asked for, or null for the default. */
	Pix2RepPreprocessing.Interpolation interpolation() {
		return interpolation == null ? null : Pix2RepPreprocessing.Interpolation.of(interpolation);
	}

	Pix2RepPreprocessing.Crop crop() {
		return Pix2RepPreprocessing.Crop.parse(crop);
	}
}
