package org.labelfit.universeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.LabelFiles;
import org.labelfit.io.OutputFiles;
import org.labelfit.model.StateDictFile;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** UniverSeg's use cases, shared by the command line and the Fiji commands. */
public final class UniverSeg {

	private UniverSeg() {}

	/**
	 * Turns an official state dict (safetensors or npz) into a LabelFit model at exactly {@code out},
	 * recording the weights' licence and the file's SHA-256. Checks the output before reading.
	 */
	public static UniverSegModel importWeights(Path weights, Path out, boolean overwrite, String command) {
		OutputFiles.requireWritable(out, overwrite);
		UniverSegConfig config = UniverSegConfig.v1();
		var tensors = UniverSegWeights.read(weights, config);
		Map<String, Object> provenance = StateDictFile.importProvenance(weights, "imported official weights", command);
		provenance.put("trained_support_size", 64);
		UniverSegModel model = new UniverSegModel(config, UniverSegConfig.SIZE, tensors, UniverSegModel.OFFICIAL_LICENCE, provenance);
		UniverSegModelFile.save(out, model, () -> false);
		return model;
	}

	/** Trains from scratch and saves atomically at exactly {@code out} (also at every checkpoint); checks the output before any work. */
	public static UniverSegModel train(UniverSegTrainer.Request request, Path out, boolean overwrite, Progress progress, LossHistory history) {
		OutputFiles.requireWritable(out, overwrite);
		Device device = Engines.device(request.device(), progress::log);
		Engines.seed(request.seed());
		UniverSegModel model = UniverSegTrainer.train(request, device, progress, history, checkpoint -> {
			UniverSegModelFile.save(out, checkpoint, () -> false);
			progress.log("checkpoint: step " + checkpoint.provenance().get("steps_done") + " saved to " + out);
		});
		progress.checkCancelled();
		UniverSegModelFile.save(out, model, progress::isCancelled);
		progress.checkCancelled();
		return model;
	}

	/** Labels of one image (2D, or a volume slice by slice) on its own grid. */
	public static Img<UnsignedShortType> segment(UniverSegModel model, ImageData image, SupportSet support, int[] labels,
		UniverSegSegmenter.Options options, String device, Progress progress)
	{
		try (UniverSegSegmenter segmenter = new UniverSegSegmenter(model, Engines.device(device, progress::log))) {
			return segmenter.segment(image, support, support.labels(labels), options, progress);
		}
	}

	/** The label image a user sees: 16-bit, categorical LUT, class names by label value, the image's calibration. */
	public static ImagePlus labelImage(Img<UnsignedShortType> labels, List<String> names, String title, double[] spacing) {
		ImagePlus imp = LabelFiles.labelImage(labels, names, LabelImages.defaultColors(names.size()), title, spacing, 1);
		imp.setOverlay(LabelImages.overlay(labels, names, LabelImages.defaultColors(names.size())));
		return imp;
	}

	/** Names indexed by label value: "background", then "label N" for each segmented label. */
	public static List<String> classNames(int[] labels) {
		int max = 0;
		for (int l : labels) max = Math.max(max, l);
		List<String> names = new ArrayList<>();
		for (int i = 0; i <= max; i++) names.add(i == 0 ? "background" : "label " + i);
		return names;
	}

	static void logSupport(SupportSet support, int s, UniverSegSegmenter.Options o, Progress progress) {
		progress.log("support: " + support.size() + " labelled slices; " + s + " per query" +
			(s < support.size() ? ", ensemble of " + o.ensemble() : o.ensemble() > 1 ? " (all examples fit one pass, so no ensemble)" : ""));
	}
}
