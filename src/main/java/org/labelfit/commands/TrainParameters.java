package org.labelfit.commands;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.metaseg.MetaSeg;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * The options of "MetaSeg Train", shared by {@link MetaSegTrainCommand} and {@link MetaSegTrainPlugin}, and the call
 * into {@link MetaSeg#train}.
 *
 * @param images folder or glob of training images
 * @param labels folder or glob of their label images, paired by file name
 * @param classes classes including the background; 0 counts them from the labels
 * @param classNames comma-separated names, background first; blank for "background", "class 1", ...
 * @param fitSteps T; 0 for the configuration's default
 * @param headEpochs epochs of head retraining; negative for the default
 */
public record TrainParameters(String images, String labels, String imageSuffix, String labelSuffix, File model, String config,
	int classes, String classNames, int size, int outerSteps, int fitSteps, boolean firstOrder, long seed, int headEpochs,
	String device, boolean overwrite)
{

	static final String[] CONFIGS = { "2d", "2d-fine", "3d" };
	static final String[] DEVICES = { "auto", "cpu", "gpu" };

	/** Trains and saves the model at {@link #model()}; checks the output before training starts. */
	public MetaSegModel train(Progress progress, LossHistory history) {
		if (images == null || images.isBlank()) throw new LabelFitException("images= is required: a folder or a glob of training images");
		if (labels == null || labels.isBlank()) throw new LabelFitException("labels= is required: a folder or a glob of label images");
		if (model == null || model.getPath().isBlank()) throw new LabelFitException("model= is required: the model file to write");
		if (!Arrays.asList(CONFIGS).contains(config)) throw new LabelFitException("unknown config '" + config + "'; use 2d, 2d-fine or 3d");
		if (classes < 0) throw new LabelFitException("classes must be 0 (count them from the labels) or more, got " + classes);
		MetaSeg.TrainRequest request = new MetaSeg.TrainRequest(images, labels, imageSuffix, labelSuffix, config, classes, names(), size,
			outerSteps, fitSteps, firstOrder, seed, headEpochs, 0, device, macroCall());
		return MetaSeg.train(request, model.toPath(), overwrite, progress, history);
	}

	private List<String> names() {
		if (classNames == null || classNames.isBlank()) return null;
		return Arrays.stream(classNames.split(",")).map(String::trim).toList();
	}

	/** The macro call that repeats this run, recorded in the model as its provenance. */
	String macroCall() {
		return new MacroCall(LabelFitMacros.TRAIN).add("images", images).add("labels", labels).add("image_suffix", imageSuffix)
			.add("label_suffix", labelSuffix).add("model", model.getPath()).add("config", config).add("classes", classes)
			.add("class_names", classNames).add("size", size).add("outer_steps", outerSteps).add("fit_steps", fitSteps)
			.flag("first_order", firstOrder).add("seed", seed).add("head_epochs", headEpochs).add("device", device).toString();
	}
}
