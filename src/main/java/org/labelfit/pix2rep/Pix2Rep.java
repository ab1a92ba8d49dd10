package org.labelfit.pix2rep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.io.ImageData;
import org.labelfit.io.OutputFiles;
import org.labelfit.model.StateDictFile;
import org.labelfit.model.Tensor;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** The Pix2Rep operations the commands call: import official weights, pretrain; each writes exactly the path given. */
public final class Pix2Rep {

	/** The grid of the paper and the official code. */
	public static final int SIZE = 128;

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
		Pix2RepModel model = new Pix2RepModel(config, false, SIZE, Pix2RepModel.defaultClassNames(config.classes()), tensors, provenance);
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
		return pretrain(request, Pix2RepImages.load(files, request.size(), progress), device, out, progress, history);
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
		for (ImageData image : images) slices.addAll(Pix2RepImages.slices(image, request.size()));
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
}
