package org.labelfit.metaseg;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.io.OutputFiles;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** MetaSeg's use cases, shared by the command line and the Fiji commands. */
public final class MetaSeg {

	private MetaSeg() {}

	/**
	 * What to train on and how.
	 *
	 * @param classes number of classes including background; 0 counts them from the labels
	 * @param classNames names for the classes, or null for "background", "class 1", ...
	 * @param size 2D grid side
	 * @param fitSteps T; 0 for the configuration's default
	 * @param headEpochs step-2 epochs; negative for the default
	 * @param command how the run was started, recorded in the model
	 */
	public record TrainRequest(String images, String labels, String imageSuffix, String labelSuffix, String config, int classes,
		List<String> classNames, int size, int outerSteps, int fitSteps, boolean firstOrder, long seed, int headEpochs,
		String device, String command)
	{}

	/** Trains and saves atomically at exactly {@code out}; checks the output before any work. */
	public static MetaSegModel train(TrainRequest r, Path out, boolean overwrite, Progress progress, LossHistory history) {
		OutputFiles.requireWritable(out, overwrite);
		if (r.size() < 8 || r.size() > 1024) throw new LabelFitException("size must be between 8 and 1024, got " + r.size());
		SirenConfig probe = SirenConfig.preset(r.config(), 2);
		List<ImagePairs.Pair> pairs = ImagePairs.pair(r.images(), r.labels(), r.imageSuffix(), r.labelSuffix());
		List<Sample> samples = MetaSegImages.trainingSamples(pairs, probe.inputDims(), r.size(), progress);
		int classes = r.classes() > 0 ? r.classes() : maxLabel(samples) + 1;
		SirenConfig config = SirenConfig.preset(r.config(), classes);
		List<String> names = classNames(r.classNames(), classes);
		MetaSegSettings.Builder b = MetaSegSettings.forConfig(config).toBuilder().outerSteps(r.outerSteps()).firstOrder(r.firstOrder())
			.seed(r.seed());
		if (r.fitSteps() > 0) b.fitSteps(r.fitSteps());
		if (r.headEpochs() >= 0) b.headEpochs(r.headEpochs());
		MetaSegSettings settings = b.build();
		Device device = Engines.device(r.device(), progress::log);
		Engines.seed(r.seed());
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("command", r.command());
		provenance.put("images", r.images());
		provenance.put("labels", r.labels());
		provenance.put("pairs", pairs.size());
		provenance.put("samples", samples.size());
		provenance.put("labelfit_version", version());
		MetaSegModel model = MetaSegTrainer.train(config, settings, r.size(), names, MetaSegTrainer.holdOut(samples), device, progress,
			history, provenance);
		progress.checkCancelled();
		MetaSegModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}

	/** Labels of one image on its own grid ({@code scale} 1) or a finer one; {@code fitSteps} 0 uses the model's T. */
	public static Img<UnsignedShortType> label(MetaSegModel model, ImageData image, int fitSteps, double scale, String device,
		Progress progress)
	{
		try (MetaSegSegmenter segmenter = new MetaSegSegmenter(model, Engines.device(device, progress::log), fitSteps)) {
			return MetaSegImages.segment(segmenter, model, image, scale, progress);
		}
	}

	/** The label image a user sees: 16-bit, categorical LUT, class names, calibrated for the output grid. */
	public static ImagePlus labelImage(MetaSegModel model, Img<UnsignedShortType> labels, String title, double[] spacing, double scale) {
		Calibration cal = new Calibration();
		cal.pixelWidth = spacing[0] / scale;
		cal.pixelHeight = spacing[1] / scale;
		if (spacing.length > 2) cal.pixelDepth = spacing[2] / scale;
		return LabelImages.labelImage(labels, model.classNames(), colors(model), title, cal);
	}

	public static List<Color> colors(MetaSegModel model) {
		return LabelImages.defaultColors(model.config().classes());
	}

	/**
	 * Fits and labels a file, a folder or a glob of images into {@code output} (a file for a single
	 * input, else a folder), named {@code <input>_labels.tif|.nii|.nii.gz}; with {@code overlays} a
	 * PNG preview per 2D input. Returns the files written.
	 */
	public static List<Path> labelFiles(Path modelFile, String input, Path output, int fitSteps, double scale, boolean overlays,
		boolean overwrite, String device, Progress progress)
	{
		MetaSegModel model = MetaSegModelFile.load(modelFile);
		List<Path> inputs = ImagePairs.list(input);
		if (inputs.isEmpty()) throw new LabelFitException("no images found in " + input);
		boolean single = inputs.size() == 1 && Files.isRegularFile(Path.of(input)) && !Files.isDirectory(output);
		List<Path[]> plan = new ArrayList<>();
		if (single) {
			plan.add(new Path[] { inputs.get(0), output });
		}
		else {
			OutputFiles.requireFolder(output);
			for (Path in : inputs) plan.add(new Path[] { in, output.resolve(OutputFiles.labelName(in)) });
		}
		for (Path[] p : plan) {
			if (p[0].toAbsolutePath().normalize().equals(p[1].toAbsolutePath().normalize()))
				throw new LabelFitException("output " + p[1] + " would overwrite its input");
			OutputFiles.requireWritable(p[1], overwrite);
			if (scale != 1 && OutputFiles.isNifti(p[1]))
				throw new LabelFitException("scale " + scale + " changes the grid, so the labels cannot keep " + p[0].getFileName() +
					"'s NIfTI geometry; write a .tif instead");
		}
		List<Path> written = new ArrayList<>();
		try (MetaSegSegmenter segmenter = new MetaSegSegmenter(model, Engines.device(device, progress::log), fitSteps)) {
			for (Path[] p : plan) {
				progress.checkCancelled();
				ImageData image = ImageFiles.read(p[0]);
				Img<UnsignedShortType> labels = MetaSegImages.segment(segmenter, model, image, scale, progress);
				written.add(write(model, image, labels, p[1], scale));
				if (overlays && labels.numDimensions() == 2 && scale == 1) {
					Path png = p[1].resolveSibling(ImageFiles.baseName(p[0]) + "_overlay.png");
					OutputFiles.requireWritable(png, overwrite);
					ImageFiles.writeImage(png, LabelImages.overlayPreview(image.pixels(), labels, colors(model)));
					written.add(png);
				}
			}
		}
		return written;
	}

	private static Path write(MetaSegModel model, ImageData image, Img<UnsignedShortType> labels, Path out, double scale) {
		if (OutputFiles.isNifti(out)) ImageFiles.writeLabels(out, labels, image);
		else {
			ImagePlus imp = labelImage(model, labels, ImageFiles.baseName(out), image.spacing(), scale);
			imp.setOverlay(LabelImages.overlay(labels, model.classNames(), colors(model)));
			ImageFiles.writeImage(out, imp);
		}
		return out;
	}

	static List<String> classNames(List<String> given, int classes) {
		if (given != null && !given.isEmpty()) {
			if (given.size() != classes)
				throw new LabelFitException(given.size() + " class names given for " + classes + " classes (background included)");
			return given;
		}
		List<String> names = new ArrayList<>();
		names.add("background");
		for (int c = 1; c < classes; c++) names.add("class " + c);
		return names;
	}

	private static int maxLabel(List<Sample> samples) {
		int max = 0;
		for (Sample s : samples) for (short l : s.labels()) max = Math.max(max, l & 0xffff);
		if (max == 0) throw new LabelFitException("the label images contain only background (0); nothing to learn");
		return max;
	}

	public static String version() {
		String v = MetaSeg.class.getPackage().getImplementationVersion();
		return v == null ? "development" : v;
	}
}
