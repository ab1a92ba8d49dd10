package org.labelfit.commands.ossnet;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.Shard;
import org.labelfit.commands.LabelOutput;
import org.labelfit.engine.Engines;
import org.labelfit.io.ImageData;
import org.labelfit.io.OutputFiles;
import org.labelfit.ossnet.Mise;
import org.labelfit.ossnet.OssNet;
import org.labelfit.ossnet.OssNetBatch;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetImages;
import org.labelfit.ossnet.OssNetModel;
import org.labelfit.ossnet.OssNetModelFile;
import org.labelfit.ossnet.OssNetSegmenter;
import org.labelfit.train.Progress;

/**
 * "OSS-Net Segment" in Fiji: the open volume (a stack, or a hyperstack of the model's channels) is segmented in
 * memory, or, when {@code inputPath} is given, files are segmented into {@code output} (a {@link BatchJob} of
 * {@link OssNetBatch}, as {@code labelfit ossnet segment} does).
 *
 * @param inference mise, mise-optimised (C, D only) or dense
 * @param threshold occupancy threshold τ
 * @param chunk points per decoder call
 * @param addOverlay on an open volume: the class outline of each slice on its overlay
 * @param roiManager also add the class outlines to the ROI Manager (not headless)
 * @param inputPath file, folder or glob to segment from disk instead of the open volume; blank for none
 * @param output label file (single input) or folder, in file mode
 * @param mesh STL or OBJ file for the labels' surface mesh (the open volume, or a single input file); null or blank for none
 * @param meshMinVoxels components smaller than this are left out of the mesh
 */
public record OssNetSegmentRequest(File model, String inference, double threshold, int chunk, String device, boolean addOverlay,
	boolean roiManager, String inputPath, File output, boolean overwrite, File mesh, int meshMinVoxels)
{

	public boolean fileMode() {
		return inputPath != null && !inputPath.isBlank();
	}

	/**
	 * Segments an open volume: returns the 16-bit label volume (LUT, class names, the input's spacing) and, as asked,
	 * puts the class outlines on the input's overlay and into the ROI Manager. The input changes only after success.
	 */
	public ImagePlus segment(ImagePlus input, Progress progress) {
		if (input == null) throw new LabelFitException("no image is open; open a 3D volume or give input_path=");
		OssNetSegmenter.Options options = options();
		OssNetBatch method = method(options);
		if (method.mesh() != null) OutputFiles.requireWritable(Path.of(method.mesh()), overwrite);
		List<ImageData> channels = OssNetImages.channels(input, input.getTitle());
		OssNetModel m = OssNetModelFile.load(model.toPath());
		OssNetSegmenter.Segmentation s;
		try (OssNetSegmenter segmenter = new OssNetSegmenter(m, options, Engines.device(device, progress::log))) {
			s = segmenter.segment(channels, progress);
		}
		progress.log(queriesOfDense(input.getTitle(), s.queries(), m.config().grid()));
		if (method.mesh() != null) s.writeMesh(Path.of(method.mesh()), channels.get(0).spacing(), meshMinVoxels, progress);
		ImagePlus result = OssNet.labelImage(m, s.labels(), LabelOutput.labelTitle(input.getTitle()), channels.get(0).spacing());
		result.getCalibration().setUnit(input.getCalibration().getUnit());
		// the label volume carries the class ROIs already; the input gets copies
		if (addOverlay || roiManager) LabelOutput.addClassRois(input, result.getOverlay().duplicate(), addOverlay, roiManager, progress);
		return result;
	}

	/** Segments the files of {@link #inputPath()} into {@link #output()} (no manifest); returns the label files written. */
	public List<Path> segmentFiles(Progress progress) {
		return LocalRunner.run(job(Shard.ALL), false, progress).requireNoFailures().written();
	}

	/** The batch job of file mode: {@link #inputPath()} into {@link #output()}, this {@code shard} of it. */
	public BatchJob job(Shard shard) {
		if (output == null || output.getPath().isBlank())
			throw new LabelFitException("output= is required with input_path=: a label file, or a folder for several inputs");
		OssNetBatch method = method(options());
		return method.checkMesh(BatchJob.of(method, model.toPath(), inputPath, output.toPath(), device, overwrite, shard));
	}

	private OssNetBatch method(OssNetSegmenter.Options o) {
		boolean none = mesh == null || mesh.getPath().isBlank();
		return new OssNetBatch(o.inference(), o.threshold(), o.chunk(), none ? null : mesh.getAbsolutePath(), meshMinVoxels);
	}

	private OssNetSegmenter.Options options() {
		return new OssNetSegmenter.Options(Mise.Inference.of(inference), threshold, chunk);
	}

	/** What MISE saved: its decoder queries as a share of dense evaluation, one query per voxel of the model's grid. */
	public static String queriesOfDense(String name, long[] queries, OssNetConfig.Grid grid) {
		long total = Arrays.stream(queries).sum();
		return String.format(Locale.ROOT, "LabelFit: %s: %,d decoder queries, %.1f%% of dense (%,d voxels of the %d×%d×%d grid)", name, total,
			100.0 * total / grid.voxels(), grid.voxels(), grid.x(), grid.y(), grid.z());
	}
}
