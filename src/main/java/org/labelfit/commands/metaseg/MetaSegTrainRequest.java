package org.labelfit.commands.metaseg;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.metaseg.MetaSeg;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * A MetaSeg training run as both faces ask for it, "MetaSeg Train" in Fiji and {@code labelfit metaseg train}: the
 * checks they share and the call into {@link MetaSeg#train}.
 *
 * @param images folder or glob of training images
 * @param labels folder or glob of their label images, paired by file name
 * @param classes classes including the background; 0 counts them from the labels
 * @param classNames comma-separated names, background first; blank for "background", "class 1", ...
 * @param fitSteps T; 0 for the configuration's default
 * @param headEpochs epochs of head retraining; negative for the default
 * @param validateEvery outer steps between validations; 0 for the configuration's
 * @param provenance how the run was asked for (a macro call, a command line), recorded in the model
 */
public record MetaSegTrainRequest(String images, String labels, String imageSuffix, String labelSuffix, Path model, String config,
	int classes, String classNames, int size, int outerSteps, int fitSteps, boolean firstOrder, long seed, int headEpochs,
	int validateEvery, String device, boolean overwrite, String provenance)
{

	/** Trains and saves the model at {@link #model()}; checks the options and the output before training starts. */
	public MetaSegModel train(Progress progress, LossHistory history) {
		if (classes < 0) throw new LabelFitException("classes must be 0 (count them from the labels) or more, got " + classes);
		MetaSeg.TrainRequest request = new MetaSeg.TrainRequest(images, labels, imageSuffix, labelSuffix, config, classes, names(), size,
			outerSteps, fitSteps, firstOrder, seed, headEpochs, validateEvery, device, provenance);
		return MetaSeg.train(request, model, overwrite, progress, history);
	}

	private List<String> names() {
		if (classNames == null || classNames.isBlank()) return null;
		return Arrays.stream(classNames.split(",")).map(String::trim).toList();
	}
}
