package org.labelfit.ossnet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;
import org.labelfit.io.LabelFiles;
import org.labelfit.io.OutputFiles;
import org.labelfit.model.StateDictFile;
import org.labelfit.model.Tensor;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** The OSS-Net operations the commands call; each writes exactly the path given. */
public final class OssNet {

	private OssNet() {}

	/**
	 * Reads an official state dict and saves it as a model at {@code out}: the variant, channels and encoder depth
	 * follow from the keys, the grid from {@code grid} or, when null, from the preset the latent width matches.
	 * {@code channels}, when not null, must be the weights' own. The output is checked before anything is read.
	 */
	public static OssNetModel importWeights(Path weights, Path out, OssNetConfig.Grid grid, Integer channels, boolean overwrite, String command) {
		OutputFiles.requireWritable(out, overwrite);
		Map<String, Tensor> tensors = withoutDataParallelPrefix(StateDictFile.read(weights, "oss_net.npz"));
		OssNetConfig config;
		try {
			config = OssNetTensors.configOf(tensors, grid);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(weights.getFileName() + ": " + e.getMessage() + "; is this an official OSS-Net state dict?", e);
		}
		if (channels != null && channels != config.channels())
			throw new LabelFitException(weights.getFileName() + ": the network takes " + config.channels() + " image channel" +
				(config.channels() == 1 ? "" : "s") + ", not " + channels);
		OssNetPreset preset = OssNetPreset.matching(config.channels(), config.blocks(), config.latentFeatures());
		Map<String, Object> provenance = StateDictFile.importProvenance(weights, "imported state dict (official OSS-Net names, " +
			config.variant().official() + ")", command);
		// the official weights were trained with average-pooled large patches (spec pitfalls)
		OssNetModel model = new OssNetModel(config, Patches.Pooling.AVERAGE, preset == null ? "foreground" : preset.foreground(), tensors,
			OssNetModel.OFFICIAL_LICENCE, provenance);
		OssNetModelFile.save(out, model, () -> false);
		return model;
	}

	/** The network to train; a null part comes from {@code preset}, else {@link #DEFAULT_BLOCKS} blocks and the smallest grid that holds every volume. */
	public record Shape(OssNetVariant variant, OssNetPreset preset, OssNetConfig.Grid grid, Integer blocks) {}

	/**
	 * Labelled volumes: image and label files paired by name ({@link ImagePairs}), the foreground {@code label}
	 * (null: any label &gt; 0, as the official BraTS and LiTS targets), and the share held out for validation.
	 */
	public record TrainingFiles(String images, String labels, String imageSuffix, String labelSuffix, Integer label, double validationFraction) {

		public TrainingFiles {
			if (!(validationFraction > 0 && validationFraction < 1))
				throw new LabelFitException("validation fraction must be between 0 and 1, got " + validationFraction);
		}
	}

	/** Encoder depth without a preset: the BraTS network's. */
	public static final int DEFAULT_BLOCKS = 4;

	/**
	 * Trains on labelled volumes and saves the model of the best validation score at exactly {@code out} (also at
	 * each new best, atomically); checks the output, then every file, before training.
	 */
	public static OssNetModel train(TrainingFiles files, Shape shape, OssNetTrainer.Settings settings, Path out, boolean overwrite, Progress progress,
		LossHistory history)
	{
		OutputFiles.requireWritable(out, overwrite);
		List<ImagePairs.Pair> pairs = ImagePairs.pair(files.images(), files.labels(), files.imageSuffix(), files.labelSuffix());
		if (pairs.size() < 2)
			throw new LabelFitException("OSS-Net training needs at least 2 labelled volumes (some are held out for validation), found " + pairs.size());
		List<List<ImageData>> images = new ArrayList<>();
		List<ImageData> labels = new ArrayList<>();
		for (ImagePairs.Pair pair : pairs) {
			progress.checkCancelled();
			images.add(OssNetImages.read(pair.image()));
			ImageData label = ImageFiles.read(pair.label());
			if (label.numDimensions() != 3) throw new LabelFitException(pair.label().getFileName() + " is a 2D image; OSS-Net labels are 3D volumes");
			labels.add(label);
		}
		OssNetConfig config = config(shape, images);
		progress.log("OSS-Net " + config);
		List<OssNetTrainer.Case> cases = new ArrayList<>();
		for (int i = 0; i < pairs.size(); i++) {
			progress.checkCancelled();
			OssNetVolume volume = OssNetVolume.of(images.get(i), config, progress::log);
			byte[] target = volume.target(labels.get(i), files.label());
			boolean any = false;
			for (byte b : target) any |= b != 0;
			if (!any) throw new LabelFitException(pairs.get(i).label().getFileName() + " has no voxel " +
				(files.label() == null ? "labelled above 0" : "of label " + files.label()) + ": nothing to learn the foreground from");
			cases.add(OssNetTrainer.Case.of(volume, target));
			images.set(i, null);
		}
		List<OssNetTrainer.Case> order = new ArrayList<>(cases);
		Collections.shuffle(order, new Random(settings.seed()));
		int held = Math.max(1, Math.min(order.size() - 1, (int) Math.round(order.size() * files.validationFraction())));
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("images", files.images());
		source.put("labels", files.labels());
		source.put("foreground_label", files.label() == null ? "any label > 0" : files.label());
		source.put("validation_fraction", files.validationFraction());
		String foreground = files.label() != null ? "label " + files.label() : shape.preset() != null ? shape.preset().foreground() : "foreground";
		Device device = Engines.device(settings.device(), progress::log);
		OssNetModel model = OssNetTrainer.train(config, foreground, settings, order.subList(held, order.size()), order.subList(0, held), source, device,
			progress, history, best -> {
				OssNetModelFile.save(out, best, () -> false);
				progress.log("checkpoint: epoch " + best.provenance().get("best_epoch") + " saved to " + out);
			});
		progress.checkCancelled();
		OssNetModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}

	/** The network for these volumes: the shape's parts, else the preset's, else the default depth and the smallest grid that holds them all. */
	static OssNetConfig config(Shape shape, List<List<ImageData>> images) {
		int channels = images.get(0).size();
		for (List<ImageData> image : images)
			if (image.size() != channels)
				throw new LabelFitException(image.get(0).name() + " has " + image.size() + " channels, " + images.get(0).get(0).name() + " " + channels);
		OssNetConfig preset = shape.preset() == null ? null : shape.preset().config(shape.variant());
		if (preset != null && preset.channels() != channels)
			throw new LabelFitException("the " + shape.preset().id() + " preset takes " + preset.channels() + " channels, the images have " + channels);
		int blocks = shape.blocks() != null ? shape.blocks() : preset != null ? preset.blocks() : DEFAULT_BLOCKS;
		OssNetConfig.Grid grid = shape.grid() != null ? shape.grid() : preset != null ? preset.grid() : fitting(images, 2 << blocks);
		return new OssNetConfig(shape.variant(), channels, blocks, grid);
	}

	/** The smallest grid whose sides are multiples of {@code divisor} and hold every volume. */
	private static OssNetConfig.Grid fitting(List<List<ImageData>> images, int divisor) {
		int[] sides = new int[3];
		for (List<ImageData> image : images) {
			long[] d = image.get(0).dims();
			for (int a = 0; a < 3; a++) sides[a] = (int) Math.max(sides[a], (d[a] + divisor - 1) / divisor * divisor);
		}
		return new OssNetConfig.Grid(sides[0], sides[1], sides[2]);
	}

	/** A label volume of {@code model} as a 16-bit image with its LUT, class names and spacing, and one class ROI per slice on its overlay. */
	public static ImagePlus labelImage(OssNetModel model, Img<UnsignedShortType> labels, String title, double[] spacing) {
		List<String> names = OssNetBatch.classNames(model);
		ImagePlus imp = LabelFiles.labelImage(labels, names, LabelImages.defaultColors(names.size()), title, spacing, 1);
		imp.setOverlay(LabelImages.overlay(labels, names, LabelImages.defaultColors(names.size())));
		return imp;
	}

	/**
	 * The official training wraps the model in DataParallel; a state dict saved from the wrapper has every key under
	 * {@code module.}. Such a dict is read as the model's own (only when every key has the prefix).
	 */
	static Map<String, Tensor> withoutDataParallelPrefix(Map<String, Tensor> tensors) {
		String prefix = "module.";
		if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith(prefix))) return tensors;
		Map<String, Tensor> out = new LinkedHashMap<>();
		tensors.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
		return out;
	}
}
