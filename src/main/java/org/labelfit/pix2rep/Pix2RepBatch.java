package org.labelfit.pix2rep;

import java.nio.file.Path;

import org.labelfit.batch.BatchMethod;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.LabelFiles;
import org.labelfit.train.Progress;

/** {@code pix2rep segment} as a batch method. */
public record Pix2RepBatch() implements BatchMethod<Pix2RepModel> {

	@Override
	public String name() {
		return "pix2rep segment";
	}

	@Override
	public String memoryAdvice() {
		return "Pix2Rep segments one slice at a time; the paper-size backbone (width 64, 1024 features) needs about 1.5 GB per 128×128 slice";
	}

	@Override
	public Pix2RepModel load(Path modelFile) {
		return Pix2RepModelFile.load(modelFile);
	}

	@Override
	public Worker open(Pix2RepModel model, String device, Progress progress) {
		Pix2RepSegmenter segmenter = new Pix2RepSegmenter(model, Engines.device(device, progress::log));
		return new Worker() {

			@Override
			public void segment(Path input, Path output, Progress p) {
				ImageData image = ImageFiles.read(input);
				LabelFiles.write(output, segmenter.segment(image, p), image, model.classNames(),
					LabelImages.defaultColors(model.config().classes()), 1);
			}

			@Override
			public void close() {
				segmenter.close();
			}
		};
	}
}
