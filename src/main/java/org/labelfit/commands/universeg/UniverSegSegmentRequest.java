package org.labelfit.commands.universeg;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.Shard;
import org.labelfit.commands.LabelOutput;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.train.Progress;
import org.labelfit.universeg.UniverSeg;
import org.labelfit.universeg.UniverSegBatch;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegSegmenter;

/**
 * UniverSeg segmentation as both faces ask for it, "UniverSeg Segment" in Fiji and {@code labelfit universeg segment}:
 * the current image is segmented in memory, or, when {@code inputPath} is given, files are segmented into
 * {@code output} (a {@link BatchJob}).
 *
 * @param supportSize S, examples per forward pass; 0 for all (at most 64)
 * @param ensemble K, random support subsets averaged
 * @param labels label values to segment, "1,2,3" (macro key segment_labels); blank for every label of the support
 * @param memoryLimitMb memory one query may use; 0 for 80% of what is free
 * @param addOverlay on an open image: the class ROIs on its overlay; in file mode: a PNG preview per 2D input
 * @param roiManager also add the class ROIs to the ROI Manager (not headless)
 * @param inputPath file, folder or glob to segment from disk instead of the current image; blank for none
 * @param output label file (single input) or folder, in file mode
 */
public record UniverSegSegmentRequest(File model, SupportParameters support, int supportSize, int ensemble, String labels,
	double threshold, long seed, long memoryLimitMb, String device, boolean addOverlay, boolean roiManager, String inputPath, File output,
	boolean overwrite)
{

	public boolean fileMode() {
		return inputPath != null && !inputPath.isBlank();
	}

	/**
	 * Segments an open 2D image or stack: returns the 16-bit label image (categorical LUT, class names) and, as asked,
	 * puts the class ROIs on the input's overlay and into the ROI Manager. The input changes only after success.
	 */
	public ImagePlus segment(ImagePlus input, Progress progress) {
		if (input == null) throw new LabelFitException("no image is open; open one or give input_path=");
		Task t = prepare(progress);
		if (t.support.openImages().contains(input))
			progress.log("LabelFit: " + input.getTitle() + " is also a support image; its labels will mostly be reproduced");
		int[] chosen = t.support.set().labels(t.labels);
		ImageData data = ImageFiles.toImageData(input, input.getTitle());
		Img<UnsignedShortType> labelImg = UniverSeg.segment(t.model, data, t.support.set(), chosen, t.options, device, progress);
		List<String> names = t.support.classNames() != null ? t.support.classNames() : UniverSeg.classNames(chosen);
		ImagePlus result = UniverSeg.labelImage(labelImg, names, LabelOutput.labelTitle(input.getTitle()), data.spacing());
		result.getCalibration().setUnit(input.getCalibration().getUnit());
		// the label image carries the class ROIs already; the input gets copies
		if (addOverlay || roiManager)
			LabelOutput.addClassRois(input, result.getOverlay().duplicate(), addOverlay, roiManager, progress);
		return result;
	}

	/** Segments the files of {@link #inputPath()} into {@link #output()} (no manifest); returns the label files written. */
	public List<Path> segmentFiles(Progress progress) {
		return LocalRunner.run(job(Shard.ALL, progress), false, progress).requireNoFailures().written();
	}

	/** The batch job of file mode: {@link #inputPath()} into {@link #output()}, this {@code shard} of it; reads the support. */
	public BatchJob job(Shard shard, Progress progress) {
		if (output == null || output.getPath().isBlank())
			throw new LabelFitException("output= is required with input_path=: a label file, or a folder for several inputs");
		Task t = prepare(progress);
		UniverSegBatch method = new UniverSegBatch(t.support.set(), t.support.classNames(), t.labels, t.options, addOverlay);
		t.support.set().labels(t.labels); // unknown labels and a support too big fail before the output folder is made
		method.requireMemory(t.model);
		return BatchJob.of(method, model.toPath(), inputPath, output.toPath(), device, overwrite, shard);
	}

	/** What both modes need, checked in the order that fails fastest: options, then the model, then the support. */
	private record Task(UniverSegSegmenter.Options options, int[] labels, UniverSegModel model, SupportParameters.Support support)
	{}

	private Task prepare(Progress progress) {
		UniverSegSegmenter.Options options = new UniverSegSegmenter.Options(supportSize, ensemble, seed, threshold, memoryLimitMb);
		int[] requested = labelValues();
		UniverSegModel m = UniverSegModelFile.load(model.toPath());
		return new Task(options, requested, m, support.build(m.size(), progress));
	}

	/** The segment_labels= values, null for all; fails on anything but whole numbers separated by commas. */
	int[] labelValues() {
		if (labels == null || labels.isBlank()) return null;
		try {
			return Arrays.stream(labels.split(",")).map(String::trim).filter(t -> !t.isEmpty()).mapToInt(Integer::parseInt).toArray();
		}
		catch (NumberFormatException e) {
			throw new LabelFitException("segment_labels=" + labels + " is not a list of label values such as 1,3");
		}
	}
}
