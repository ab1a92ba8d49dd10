package org.labelfit.unet;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.Version;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.LabelFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.io.OutputFiles;
import org.labelfit.train.Progress;

/**
 * The supervised U-Net baseline's use cases, shared by the command line and Fiji: training a 2D U-Net on the same
 * preprocessed samples MetaSeg sees ({@link Samples}) or a 3D U-Net on random patches of whole volumes (the dense
 * baseline of OSS-Net), and labelling files with LabelFit's output naming.
 */
public final class UNetBaseline {

	private UNetBaseline() {}

	/**
	 * What to train on and how; the network is {@link UNetConfig#buda} with {@code depth} levels of {@code features} base
	 * features.
	 *
	 * @param classes number of classes including background; 0 counts them from the labels
	 * @param classNames names for the classes, or null for "background", "class 1", ...
	 * @param command how the run was started, recorded in the model
	 */
	public record TrainRequest(String images, String labels, String imageSuffix, String labelSuffix, int classes, List<String> classNames,
		int size, int depth, int features, UNetTrainer.Settings settings, String device, String command)
	{}

	/**
	 * What to train a 3D U-Net on and how: {@code depth} levels of {@code features} base features, random patches of
	 * {@code patch} sides (x, y, z).
	 *
	 * @param label {@link UNetVolume#ANY_LABEL} (binary, any label > 0), a label value (binary) or {@link UNetVolume#ALL_LABELS}
	 * @param classes for {@code all}: number of classes including background; 0 counts them from the labels
	 */
	public record Train3dRequest(String images, String labels, String imageSuffix, String labelSuffix, String label, int classes,
		List<String> classNames, int depth, int features, int[] patch, UNetTrainer.Settings settings, String device, String command)
	{}

	/** Trains a 3D U-Net and saves it atomically at exactly {@code out}; checks the output and the patch before reading images. */
	public static UNetModel train3d(Train3dRequest r, Path out, boolean overwrite, Progress progress) {
		OutputFiles.requireWritable(out, overwrite);
		UNetConfig probe = UNetConfig.buda(1, 2).withDims(3).withDepth(r.depth()).withFeatures(r.features());
		int[] patch = UNetModel.requirePatch(r.patch(), probe);
		int foreground = UNetVolume.foreground(r.label());
		List<ImagePairs.Pair> pairs = ImagePairs.pair(r.images(), r.labels(), r.imageSuffix(), r.labelSuffix());
		List<UNetVolume> volumes = new ArrayList<>();
		for (ImagePairs.Pair p : pairs) {
			progress.checkCancelled();
			volumes.add(UNetVolume.of(ImageFiles.read(p.image()), ImageFiles.read(p.label()), r.label()));
		}
		int classes = foreground >= 0 ? 2 : r.classes() > 0 ? r.classes() : volumes.stream().mapToInt(UNetVolume::classCount).max().orElse(0);
		if (classes < 2) throw new LabelFitException("a U-Net needs at least 2 classes (background included), got " + classes);
		UNetConfig config = probe.withClasses(classes);
		List<String> names = foreground < 0 ? Samples.classNames(r.classNames(), classes) :
			Samples.classNames(r.classNames() != null && !r.classNames().isEmpty() ? r.classNames() :
				List.of("background", foreground == 0 ? "foreground" : "label " + foreground), 2);
		Device device = Engines.device(r.device(), progress::log);
		progress.log(String.format("3D U-Net: %,d parameters, %d training volumes, patches of %s", config.parameterCount(), volumes.size(),
			UNetModel.patchText(patch)));
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("command", r.command());
		provenance.put("images", r.images());
		provenance.put("labels", r.labels());
		provenance.put("label", r.label() == null ? UNetVolume.ANY_LABEL : r.label());
		provenance.put("volumes", volumes.size());
		provenance.put("labelfit_version", Version.get());
		UNetModel model = UNetTrainer.train3d(config, volumes, patch, names, r.settings(), device, progress, provenance);
		progress.checkCancelled();
		UNetModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}

	/** Trains and saves atomically at exactly {@code out}; checks the output before any work. */
	public static UNetModel train(TrainRequest r, Path out, boolean overwrite, Progress progress) {
		OutputFiles.requireWritable(out, overwrite);
		UNetConfig probe = UNetConfig.buda(1, 2).withDepth(r.depth()).withFeatures(r.features());
		if (r.size() < probe.divisor() || r.size() > UNetModel.MAX_SIZE || r.size() % probe.divisor() != 0)
			throw new LabelFitException("size must be a multiple of " + probe.divisor() + " between " + probe.divisor() + " and " +
				UNetModel.MAX_SIZE + ", got " + r.size());
		List<ImagePairs.Pair> pairs = ImagePairs.pair(r.images(), r.labels(), r.imageSuffix(), r.labelSuffix());
		List<Sample> samples = Samples.training(pairs, 2, r.size(), progress);
		int classes = r.classes() > 0 ? r.classes() : Samples.classCount(samples);
		if (classes < 2) throw new LabelFitException("a U-Net needs at least 2 classes (background included), got " + classes);
		UNetConfig config = probe.withClasses(classes);
		List<String> names = Samples.classNames(r.classNames(), classes);
		Device device = Engines.device(r.device(), progress::log);
		progress.log(String.format("U-Net: %,d parameters, %d training slices of %d×%d", config.parameterCount(), samples.size(), r.size(),
			r.size()));
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("command", r.command());
		provenance.put("images", r.images());
		provenance.put("labels", r.labels());
		provenance.put("pairs", pairs.size());
		provenance.put("samples", samples.size());
		provenance.put("labelfit_version", Version.get());
		UNetModel model = UNetTrainer.train(config, samples, names, r.settings(), device, progress, provenance);
		progress.checkCancelled();
		UNetModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}

	/** Labels of one image (2D, or a volume slice by slice; a 3D model: a volume whole) on its own grid. */
	public static Img<UnsignedShortType> label(UNetModel model, ImageData image, String device, Progress progress) {
		try (UNetSegmenter segmenter = new UNetSegmenter(model, Engines.device(device, progress::log))) {
			return segmenter.segment(image, progress);
		}
	}

	/** The label image a user sees: 16-bit, categorical LUT, class names, calibrated like the image. */
	public static ImagePlus labelImage(UNetModel model, Img<UnsignedShortType> labels, String title, double[] spacing) {
		return LabelFiles.labelImage(labels, model.classNames(), colors(model), title, spacing, 1);
	}

	public static List<Color> colors(UNetModel model) {
		return LabelImages.defaultColors(model.config().classes());
	}
}
