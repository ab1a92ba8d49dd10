package org.labelfit.commands.pix2rep;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.Shard;
import org.labelfit.commands.LabelOutput;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.pix2rep.Pix2Rep;
import org.labelfit.pix2rep.Pix2RepBatch;
import org.labelfit.pix2rep.Pix2RepFeatureCache;
import org.labelfit.pix2rep.Pix2RepModel;
import org.labelfit.pix2rep.Pix2RepModelFile;
import org.labelfit.pix2rep.Pix2RepPreprocessing;
import org.labelfit.train.Progress;

/**
 * "Pix2Rep Segment" in Fiji: the current image (2D, or a stack slice by slice) labelled in memory through the
 * session's {@link Pix2RepFeatureCache} (slices trained on or labelled before skip the backbone), or, when
 * {@code inputPath} is given, files labelled into {@code output} (a {@link BatchJob}).
 *
 * @param crop on the open image: blank for the model's crop, "selection" for the image's rectangular selection, or
 *        X,Y,W,H; files always use the model's
 * @param addOverlay the class ROIs on the input's overlay
 * @param roiManager also add the class ROIs to the ROI Manager (not headless)
 * @param inputPath file, folder or glob to label from disk instead of the current image; blank for none
 * @param output label file (single input) or folder, in file mode
 */
record Pix2RepSegmentRequest(File model, String crop, String device, boolean addOverlay, boolean roiManager, String inputPath, File output,
	boolean overwrite)
{

	boolean fileMode() {
		return inputPath != null && !inputPath.isBlank();
	}

	/** Labels an open image: the 16-bit label image (LUT, class names); the input's overlay changes only after success. */
	ImagePlus segment(ImagePlus input, Progress progress) {
		if (input == null) throw new LabelFitException("no image is open; open one or give input_path=");
		Pix2RepModel m = withCrop(Pix2RepModelFile.load(model.toPath()), input);
		ImageData data = ImageFiles.toImageData(input, input.getTitle());
		Img<UnsignedShortType> labels = Pix2Rep.segment(m, data, Pix2RepFeatureCache.session(), device, progress);
		ImagePlus result = Pix2Rep.labelImage(m, labels, LabelOutput.labelTitle(input.getTitle()), data.spacing());
		result.getCalibration().setUnit(input.getCalibration().getUnit());
		if (addOverlay || roiManager)
			LabelOutput.addClassRois(input, LabelImages.overlay(labels, m.classNames(), LabelImages.defaultColors(m.config().classes())), addOverlay,
				roiManager, progress);
		return result;
	}

	/** Labels the files of {@link #inputPath()} into {@link #output()} (no manifest); returns the label files written. */
	List<Path> segmentFiles(Progress progress) {
		if (output == null || output.getPath().isBlank())
			throw new LabelFitException("output= is required with input_path=: a label file, or a folder for several inputs");
		if (!crop.isBlank()) throw new LabelFitException("crop= applies to the open image; files are cropped as the model says");
		BatchJob job = BatchJob.of(new Pix2RepBatch(), model.toPath(), inputPath, output.toPath(), device, overwrite, Shard.ALL);
		return LocalRunner.run(job, false, progress).requireNoFailures().written();
	}

	/** The model with the crop asked for instead of its own. */
	private Pix2RepModel withCrop(Pix2RepModel m, ImagePlus input) {
		if (crop.isBlank()) return m;
		Pix2RepPreprocessing.Crop window = Pix2RepTrainHeadRequest.SELECTION.equalsIgnoreCase(crop.trim()) ? Pix2RepTrainHeadRequest.selection(input)
			: Pix2RepPreprocessing.Crop.parse(crop);
		Pix2RepPreprocessing pre = new Pix2RepPreprocessing(m.size(), m.preprocessing().interpolation(), window);
		return new Pix2RepModel(m.config(), m.hasProjection(), pre, m.classNames(), m.weights(), m.provenance());
	}
}
