package org.labelfit.pix2rep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.djl.Device;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.data.Samples;
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

/** The Pix2Rep operations the commands call: import official weights, pretrain, train a head, segment; each writes exactly the path given. */
public final class Pix2Rep {

	/** The grid of the paper and the official code. */
	public static final int SIZE = 128;
	/** Head training writes a new best as a checkpoint only this long after the start or the last one (the end always). */
	static final long HEAD_CHECKPOINT_SECONDS = 30;

	private Pix2Rep() {}

	/**
	 * Reads an official state dict (backbone, optional {@code outc} head; w, F and classes from the shapes) and saves
	 * it as a model at {@code out}; the output is checked before anything is read.
	 */
	public static Pix2RepModel importWeights(Path weights, Path out, boolean overwrite, String command) {
		OutputFiles.requireWritable(out, overwrite);
		Map<String, Tensor> tensors = StateDictFile.read(weights, "pix2rep.npz");
		Pix2RepConfig config;
		try {
			config = Pix2RepConfig.of(tensors, Map.of());
		}
		catch (LabelFitException e) {
			throw new LabelFitException(weights.getFileName() + ": " + e.getMessage() + "; is this an official Pix2Rep U-Net state dict?", e);
		}
		Map<String, Object> provenance = StateDictFile.importProvenance(weights, "imported state dict (official pix2rep U_Net_CL names)", command);
		Pix2RepModel model = new Pix2RepModel(config, false, Pix2RepPreprocessing.of(SIZE), Pix2RepModel.defaultClassNames(config.classes()), tensors, provenance);
		Pix2RepModelFile.save(out, model, () -> false);
		return model;
	}

	/**
	 * Pretrains on the files {@code request.images()} names and saves the best model at exactly {@code out} (also at
	 * each new best); checks the output and the images first.
	 */
	public static Pix2RepModel pretrain(Pix2RepPretrainer.Request request, Path out, boolean overwrite, Progress progress, LossHistory history) {
		OutputFiles.requireWritable(out, overwrite);
		List<Path> files = Pix2RepImages.list(request.images());
		Device device = Engines.device(request.device(), progress::log);
		return pretrain(request, Pix2RepImages.load(files, request.preprocessing(), progress), device, out, progress, history);
	}

	/**
	 * Pretrains on images already in memory (an open image or stack in Fiji: all its slices), preprocessed as files
	 * are; {@code request.images()} names them in the provenance. Saves as {@link #pretrain(Pix2RepPretrainer.Request,
	 * Path, boolean, Progress, LossHistory)} does.
	 */
	public static Pix2RepModel pretrain(Pix2RepPretrainer.Request request, List<ImageData> images, Path out, boolean overwrite,
		Progress progress, LossHistory history)
	{
		OutputFiles.requireWritable(out, overwrite);
		Device device = Engines.device(request.device(), progress::log);
		List<float[]> slices = new ArrayList<>();
		for (ImageData image : images) slices.addAll(request.preprocessing().slices(image));
		return pretrain(request, slices, device, out, progress, history);
	}

	private static Pix2RepModel pretrain(Pix2RepPretrainer.Request request, List<float[]> slices, Device device, Path out, Progress progress,
		LossHistory history)
	{
		Pix2RepModel model = Pix2RepPretrainer.train(request, slices, device, progress, history, best -> {
			Pix2RepModelFile.save(out, best, () -> false);
			progress.log("checkpoint: epoch " + best.provenance().get("best_epoch") + " saved to " + out);
		});
		progress.checkCancelled();
		Pix2RepModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}
	/**
	 * Trains a head on image and label files (paired by name, {@code request.images()} and {@code labels()}) and
	 * saves the best model at exactly {@code out} (a new best also as a checkpoint, at most every
	 * {@value #HEAD_CHECKPOINT_SECONDS} s); checks the output, the pretrained model
	 * and the files first.
	 */
	public static Pix2RepModel trainHead(Pix2RepHeadTrainer.Request request, Path out, boolean overwrite, Progress progress, LossHistory history) {
		OutputFiles.requireWritable(out, overwrite);
		Pix2RepModel pretrained = pretrained(request);
		Pix2RepPreprocessing pre = preprocessing(request, pretrained);
		List<ImagePairs.Pair> pairs = ImagePairs.pair(request.images(), request.labels(), request.imageSuffix(), request.labelSuffix());
		List<Pix2RepHeadTrainer.Slice> slices = new ArrayList<>();
		for (ImagePairs.Pair pair : pairs) {
			progress.checkCancelled();
			ImageData labels = ImageFiles.read(pair.label());
			slices.addAll(Pix2RepImages.labelled(ImageFiles.read(pair.image()), Pix2RepImages.labelPlanes(labels, request.ignoreLabel()),
				pair.label().getFileName().toString(), pre));
		}
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("images", request.images());
		source.put("labels", request.labels());
		source.put("pairs", pairs.size());
		return trainHead(request, pretrained, pre, slices, source, null, out, progress, history);
	}

	/**
	 * Trains a head on images in memory (Fiji) with their label planes, one per slice, {@code -1} unlabelled
	 * (commands.RoiLabels' sparse mode; a label stack's {@code request.ignoreLabel()} is unlabelled too); saves as
	 * the file variant does. A probe takes the frozen features of slices
	 * seen before from {@code featureCache} and leaves the new ones there (null: none kept).
	 */
	public static Pix2RepModel trainHead(Pix2RepHeadTrainer.Request request, List<ImageData> images, List<short[][]> labels,
		Pix2RepFeatureCache featureCache, Path out, boolean overwrite, Progress progress, LossHistory history)
	{
		OutputFiles.requireWritable(out, overwrite);
		if (images.isEmpty() || images.size() != labels.size())
			throw new LabelFitException(images.size() + " images but " + labels.size() + " label sets: each image needs its labels");
		Pix2RepModel pretrained = pretrained(request);
		Pix2RepPreprocessing pre = preprocessing(request, pretrained);
		List<Pix2RepHeadTrainer.Slice> slices = new ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			slices.addAll(Pix2RepImages.labelled(images.get(i), Pix2RepImages.ignoring(labels.get(i), request.ignoreLabel()),
				"of " + images.get(i).name(), pre));
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("images", request.images());
		source.put("labels", request.labels());
		return trainHead(request, pretrained, pre, slices, source, featureCache, out, progress, history);
	}

	private static Pix2RepModel pretrained(Pix2RepHeadTrainer.Request request) {
		return request.fromScratch() ? null : Pix2RepModelFile.load(Path.of(request.pretrained()));
	}

	/** The request's preprocessing, else the pretrained model's (its grid size always: the backbone was trained on it). */
	private static Pix2RepPreprocessing preprocessing(Pix2RepHeadTrainer.Request request, Pix2RepModel pretrained) {
		Pix2RepPreprocessing given = request.preprocessing();
		if (pretrained == null) return given != null ? given : Pix2RepPreprocessing.of(request.size());
		if (given == null) return pretrained.preprocessing();
		return new Pix2RepPreprocessing(pretrained.size(), given.interpolation(), given.crop());
	}

	private static Pix2RepModel trainHead(Pix2RepHeadTrainer.Request request, Pix2RepModel pretrained, Pix2RepPreprocessing pre,
		List<Pix2RepHeadTrainer.Slice> slices, Map<String, Object> source, Pix2RepFeatureCache featureCache, Path out, Progress progress,
		LossHistory history)
	{
		if (slices.isEmpty()) throw new LabelFitException("no labelled pixels in " + request.labels());
		int max = 0;
		Set<Integer> present = new TreeSet<>();
		for (Pix2RepHeadTrainer.Slice s : slices)
			for (short v : s.labels()) if (v >= 0) present.add((int) v);
		for (int v : present) max = Math.max(max, v);
		int classes = request.classes() > 0 ? request.classes() : max + 1;
		if (max >= classes) throw new LabelFitException("label value " + max + " found, but there are only " + classes + " classes (--classes)");
		if (classes < 2) throw new LabelFitException("the labels hold only class 0: a head needs at least 2 classes (background included)");
		List<String> names = Samples.classNames(request.classNames(), classes);
		for (int c = 0; c < classes; c++)
			if (!present.contains(c)) throw new LabelFitException("class " + c + " (" + names.get(c) + ") appears in no label; label it or lower --classes");
		if (pretrained != null) {
			source.put("pretrained_model", Path.of(request.pretrained()).getFileName().toString());
			source.put("pretrained_sha256", StateDictFile.sha256(Path.of(request.pretrained())));
		}
		source.put("labelled_slices", slices.size());
		List<float[]> unlabelled = request.meanTeacher() == null ? List.of() : unlabelled(request.meanTeacher().unlabelled(), pre, progress);
		Device device = Engines.device(request.device(), progress::log);
		// a short probe improves at nearly every validation: writing the whole model each time would cost more than training
		long[] lastWrite = { System.nanoTime() };
		Pix2RepModel model = Pix2RepHeadTrainer.train(request, pretrained, pre, slices, unlabelled, classes, names, source, device, progress,
			history, best -> {
			if (System.nanoTime() - lastWrite[0] < HEAD_CHECKPOINT_SECONDS * 1_000_000_000L) return;
			Pix2RepModelFile.save(out, best, () -> false);
			lastWrite[0] = System.nanoTime();
			progress.log("checkpoint: epoch " + best.provenance().get("best_epoch") + " saved to " + out);
		}, featureCache);
		progress.checkCancelled();
		Pix2RepModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}

	/** The slices of the Mean Teacher's unlabelled images, preprocessed as the labelled ones. */
	private static List<float[]> unlabelled(String spec, Pix2RepPreprocessing pre, Progress progress) {
		List<Path> files;
		try {
			files = ImagePairs.list(spec);
		}
		catch (LabelFitException e) {
			throw new LabelFitException("--unlabelled: " + e.getMessage(), e);
		}
		if (files.isEmpty()) throw new LabelFitException("no unlabelled images found in " + spec + " (--unlabelled)");
		return Pix2RepImages.load(files, pre, progress);
	}

	/** Labels of one image (2D, or a volume slice by slice) on its own grid. */
	public static Img<UnsignedShortType> segment(Pix2RepModel model, ImageData image, String device, Progress progress) {
		return segment(model, image, null, device, progress);
	}

	/** {@link #segment(Pix2RepModel, ImageData, String, Progress)} reusing and keeping the backbone's features in {@code featureCache}. */
	public static Img<UnsignedShortType> segment(Pix2RepModel model, ImageData image, Pix2RepFeatureCache featureCache, String device,
		Progress progress)
	{
		try (Pix2RepSegmenter segmenter = new Pix2RepSegmenter(model, Engines.device(device, progress::log), featureCache)) {
			return segmenter.segment(image, progress);
		}
	}

	/** The label image a user sees: 16-bit, categorical LUT, class names, calibrated like the image. */
	public static ImagePlus labelImage(Pix2RepModel model, Img<UnsignedShortType> labels, String title, double[] spacing) {
		return LabelFiles.labelImage(labels, model.classNames(), LabelImages.defaultColors(model.config().classes()), title, spacing, 1);
	}
}
