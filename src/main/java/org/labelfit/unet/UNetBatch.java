package org.labelfit.unet;

import java.nio.file.Path;

import org.labelfit.batch.BatchMethod;
import org.labelfit.engine.Engines;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.LabelFiles;
import org.labelfit.train.Progress;

/** {@code unet label} as a batch method. */
public record UNetBatch() implements BatchMethod<UNetModel> {

	@Override
	public String name() {
		return "unet label";
	}

	@Override
	public UNetModel load(Path modelFile) {
		return UNetModelFile.load(modelFile);
	}

	@Override
	public Worker open(UNetModel model, String device, Progress progress) {
		UNetSegmenter segmenter = new UNetSegmenter(model, Engines.device(device, progress::log));
		return new Worker() {

			@Override
			public void segment(Path input, Path output, Progress p) {
				ImageData image = ImageFiles.read(input);
				LabelFiles.write(output, segmenter.segment(image, p), image, model.classNames(), UNetBaseline.colors(model), 1);
			}

			@Override
			public void close() {
				segmenter.close();
			}
		};
	}
}
