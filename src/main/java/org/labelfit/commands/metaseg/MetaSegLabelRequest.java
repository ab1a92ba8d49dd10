package org.labelfit.commands.metaseg;

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
import org.labelfit.metaseg.MetaSeg;
import org.labelfit.metaseg.MetaSegBatch;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.train.Progress;

/**
 * MetaSeg labelling as both faces ask for it, "MetaSeg Fit and Label" in Fiji and {@code labelfit metaseg label}: an
 * open image is labelled in memory, or, when {@code inputPath} is given, files are labelled into {@code output}
 * (a {@link BatchJob}).
 *
 * @param fitSteps fitting steps; 0 for the model's T
 * @param scale output grid relative to the input (1: the input's own grid)
 * @param addOverlay on an open image: one ROI per class and slice on its overlay; in file mode: a PNG preview per
 *        2D input
 * @param roiManager also add the class ROIs to the ROI Manager (not headless)
 * @param inputPath file, folder or glob to label from disk instead of an open image; blank for none
 * @param output label file (single input) or folder, in file mode
 */
public record MetaSegLabelRequest(File model, int fitSteps, double scale, String device, boolean addOverlay, boolean roiManager,
	String inputPath, File output, boolean overwrite)
{

	public boolean fileMode() {
		return inputPath != null && !inputPath.isBlank();
	}

	/**
	 * Labels an open image: returns the 16-bit label image (categorical LUT, class names) and, as asked, puts the
	 * class ROIs on the input's overlay and into the ROI Manager. The input changes only after labelling succeeded.
	 */
	public ImagePlus label(ImagePlus input, Progress progress) {
		if (input == null) throw new LabelFitException("no image is open; open one or give input_path=");
		checkOptions();
		MetaSegModel m = MetaSegModelFile.load(model.toPath());
		ImageData data = ImageFiles.toImageData(input, input.getTitle());
		Img<UnsignedShortType> labels = MetaSeg.label(m, data, fitSteps, scale, device, progress);
		ImagePlus result = MetaSeg.labelImage(m, labels, LabelOutput.labelTitle(input.getTitle()), data.spacing(), scale);
		result.getCalibration().setUnit(input.getCalibration().getUnit());
		boolean overlay = addOverlay && scale == 1;
		if (addOverlay && !overlay) progress.log("LabelFit: no overlay on " + input.getTitle() + ": scale " + scale + " labels another grid");
		if (overlay || roiManager)
			LabelOutput.addClassRois(input, LabelImages.overlay(labels, m.classNames(), MetaSeg.colors(m)), overlay, roiManager, progress);
		return result;
	}

	/** Labels the files of {@link #inputPath()} into {@link #output()} (no manifest); returns the label files written. */
	public List<Path> labelFiles(Progress progress) {
		return LocalRunner.run(job(Shard.ALL), false, progress).requireNoFailures().written();
	}

	/** The batch job of file mode: {@link #inputPath()} into {@link #output()}, this {@code shard} of it. */
	public BatchJob job(Shard shard) {
		if (output == null || output.getPath().isBlank())
			throw new LabelFitException("output= is required with input_path=: a label file, or a folder for several inputs");
		checkOptions();
		return BatchJob.of(new MetaSegBatch(fitSteps, scale, addOverlay), model.toPath(), inputPath, output.toPath(), device, overwrite, shard);
	}

	private void checkOptions() {
		if (fitSteps < 0) throw new LabelFitException("fit_steps must be 0 (the model's own) or more, got " + fitSteps);
	}
}
