package org.labelfit.ossnet;

import java.nio.file.Path;
import java.util.List;

import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.BatchMethod;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.LabelFiles;
import org.labelfit.io.OutputFiles;
import org.labelfit.mesh.Components;
import org.labelfit.mesh.MeshFiles;
import org.labelfit.train.Progress;

/**
 * {@code ossnet segment} as a batch method: binary label volumes (background, the model's class) on each input's grid,
 * and optionally the surface mesh of a single input.
 *
 * @param mesh STL or OBJ file for the surface mesh of the one input, or null for none
 * @param meshMinVoxels components smaller than this are left out of the mesh
 */
public record OssNetBatch(Mise.Inference inference, double threshold, int chunk, String mesh, int meshMinVoxels)
	implements BatchMethod<OssNetModel>
{

	public OssNetBatch {
		new OssNetSegmenter.Options(inference, threshold, chunk); // fails before any work on a bad option
		if (mesh != null) MeshFiles.format(Path.of(mesh));
		if (meshMinVoxels < 1) throw new LabelFitException("mesh minimum component size must be at least 1 voxel, got " + meshMinVoxels);
	}

	public OssNetBatch(Mise.Inference inference, double threshold, int chunk) {
		this(inference, threshold, chunk, null, Components.DEFAULT_MIN_VOXELS);
	}

	/**
	 * Returns {@code job} once its mesh, if any, can be written: one mesh goes with one input file labelled into a file
	 * (a folder of inputs would need one name per input), in a writable place, not over the labels, not over an
	 * existing file unless overwriting.
	 */
	public BatchJob checkMesh(BatchJob job) {
		if (mesh == null) return job;
		if (!job.singleFile())
			throw new LabelFitException("a mesh is written for one input file labelled into a file, not for " + job.input() + " into " + job.output() +
				"; segment the volumes one at a time to get their meshes");
		Path file = Path.of(mesh).toAbsolutePath();
		if (file.normalize().equals(job.outputPath().toAbsolutePath().normalize())) throw new LabelFitException("the mesh and the labels are both " + file);
		OutputFiles.requireWritable(file, job.overwrite());
		return job;
	}

	@Override
	public String name() {
		return "ossnet segment";
	}

	@Override
	public String memoryAdvice() {
		return "OSS-Net decodes its points in chunks: lower --chunk (default " + OssNetSegmenter.DEFAULT_CHUNK + ")";
	}

	@Override
	public OssNetModel load(Path modelFile) {
		return OssNetModelFile.load(modelFile);
	}

	@Override
	public Worker open(OssNetModel model, String device, Progress progress) {
		OssNetSegmenter segmenter = new OssNetSegmenter(model, new OssNetSegmenter.Options(inference, threshold, chunk),
			Engines.device(device, progress::log));
		return new Worker() {

			@Override
			public void segment(Path input, Path output, Progress p) {
				List<ImageData> channels = OssNetImages.read(input);
				OssNetSegmenter.Segmentation s = segmenter.segment(channels, p);
				// before the labels: an existing label file means the item is complete
				if (mesh != null) s.writeMesh(Path.of(mesh), channels.get(0).spacing(), meshMinVoxels, p);
				LabelFiles.write(output, s.labels(), channels.get(0), classNames(model), LabelImages.defaultColors(2), 1);
			}

			@Override
			public void close() {
				segmenter.close();
			}
		};
	}

	static List<String> classNames(OssNetModel model) {
		return List.of("background", model.foreground());
	}
}
