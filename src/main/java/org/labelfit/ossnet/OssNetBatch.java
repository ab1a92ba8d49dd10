package org.labelfit.ossnet;

import java.nio.file.Path;
import java.util.List;

import org.labelfit.batch.BatchMethod;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.LabelFiles;
import org.labelfit.train.Progress;

/** {@code ossnet segment} as a batch method: binary label volumes (background, the model's class) on each input's grid. */
public record OssNetBatch(Mise.Inference inference, double threshold, int chunk) implements BatchMethod<OssNetModel> {

	public OssNetBatch {
		new OssNetSegmenter.Options(inference, threshold, chunk); // fails before any work on a bad option
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
