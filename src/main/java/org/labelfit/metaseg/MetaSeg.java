package org.labelfit.metaseg;

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
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.engine.Engines;
import org.labelfit.image.Images;
import org.labelfit.image.LabelImages;
import org.labelfit.image.SquareGrid;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImagePairs;
import org.labelfit.io.LabelFiles;
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
	 * @param validateEvery outer steps between validations; 0 for the default (50 in 2D, 100 in 3D)
	 * @param command how the run was started, recorded in the model
	 */
	public record TrainRequest(String images, String labels, String imageSuffix, String labelSuffix, String config, int classes,
		List<String> classNames, int size, int outerSteps, int fitSteps, boolean firstOrder, long seed, int headEpochs,
		int validateEvery, String device, String command)
	{}

	/** Trains and saves atomically at exactly {@code out}; checks the output before any work. */
	public static MetaSegModel train(TrainRequest r, Path out, boolean overwrite, Progress progress, LossHistory history) {
		OutputFiles.requireWritable(out, overwrite);
		if (r.size() < MetaSegModel.MIN_SIZE || r.size() > MetaSegModel.MAX_SIZE)
			throw new LabelFitException("size must be between " + MetaSegModel.MIN_SIZE + " and " + MetaSegModel.MAX_SIZE + ", got " +
				r.size());
		SirenConfig probe = SirenConfig.preset(r.config(), 2);
		List<ImagePairs.Pair> pairs = ImagePairs.pair(r.images(), r.labels(), r.imageSuffix(), r.labelSuffix());
		List<Sample> samples = Samples.training(pairs, probe.inputDims(), r.size(), progress);
		int classes = r.classes() > 0 ? r.classes() : Samples.classCount(samples);
		SirenConfig config = SirenConfig.preset(r.config(), classes);
		List<String> names = Samples.classNames(r.classNames(), classes);
		MetaSegSettings.Builder b = MetaSegSettings.forConfig(config).toBuilder().outerSteps(r.outerSteps()).firstOrder(r.firstOrder())
			.seed(r.seed());
		if (r.fitSteps() > 0) b.fitSteps(r.fitSteps());
		if (r.headEpochs() >= 0) b.headEpochs(r.headEpochs());
		if (r.validateEvery() < 0) throw new LabelFitException("validation interval must be 0 (default) or more, got " + r.validateEvery());
		if (r.validateEvery() > 0) b.validateEvery(r.validateEvery());
		MetaSegSettings settings = b.build();
		Device device = Engines.device(r.device(), progress::log);
		Engines.seed(r.seed());
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("command", r.command());
		provenance.put("images", r.images());
		provenance.put("labels", r.labels());
		provenance.put("pairs", pairs.size());
		provenance.put("samples", samples.size());
		provenance.put("labelfit_version", Version.get());
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
			return segment(segmenter, model, image, scale, progress);
		}
	}

	/** The label image a user sees: 16-bit, categorical LUT, class names, calibrated for the output grid. */
	public static ImagePlus labelImage(MetaSegModel model, Img<UnsignedShortType> labels, String title, double[] spacing, double scale) {
		return LabelFiles.labelImage(labels, model.classNames(), colors(model), title, spacing, scale);
	}

	public static List<Color> colors(MetaSegModel model) {
		return LabelImages.defaultColors(model.config().classes());
	}

	/**
	 * Segments one image (2D, or a volume slice by slice with a 2D model) and returns labels on its
	 * own grid, or on a grid {@code scale}× finer rendered from the continuous network.
	 */
	static Img<UnsignedShortType> segment(MetaSegSegmenter segmenter, MetaSegModel model, ImageData image, double scale,
		Progress progress)
	{
		if (!(scale > 0) || scale > 16) throw new LabelFitException("scale must be between 0 and 16, got " + scale);
		int[] d = Images.dims2or3(image.pixels());
		int w = scaled(d[0], scale), h = scaled(d[1], scale);
		List<Sample> samples = Samples.of(image, null, model.config().inputDims(), model.size(), false);
		List<short[]> out = new ArrayList<>();
		if (model.config().inputDims() == 3) {
			int depth = scaled(d[2], scale);
			short[] labels = segmenter.segment(samples.get(0), w, h, depth, progress);
			for (int z = 0; z < depth; z++) out.add(java.util.Arrays.copyOfRange(labels, z * w * h, (z + 1) * w * h));
		}
		else {
			int outSize = scaled(model.size(), scale);
			SquareGrid back = new SquareGrid(w, h, outSize);
			for (Sample s : samples) out.add(back.fromSquareLabels(segmenter.segment(s, outSize, outSize, 1, progress)));
		}
		return Images.labelImg(out, w, h);
	}

	private static int scaled(int n, double scale) {
		return Math.max(1, (int) Math.round(n * scale));
	}
}
