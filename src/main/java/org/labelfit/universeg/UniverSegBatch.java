package org.labelfit.universeg;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.batch.BatchMethod;
import org.labelfit.engine.Engines;
import org.labelfit.image.LabelImages;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.LabelFiles;
import org.labelfit.train.Progress;

/**
 * {@code universeg segment} as a batch method. The support set is read once where the job is made and travels with it.
 *
 * @param classNames names by label value, or null for "label N"
 * @param labels label values to segment, null for every label of the support
 */
public record UniverSegBatch(SupportSet support, List<String> classNames, int[] labels, UniverSegSegmenter.Options options, boolean overlays)
	implements BatchMethod<UniverSegModel>
{

	@Override
	public String name() {
		return "universeg segment";
	}

	@Override
	public String memoryAdvice() {
		return "a query holds the whole support set: lower --support-size (with --ensemble to use more examples) or set --memory-limit";
	}

	@Override
	public UniverSegModel load(Path modelFile) {
		return UniverSegModelFile.load(modelFile);
	}

	/** Fails unless a query fits this JVM's memory (checked where the job is made, and again on each worker); returns S. */
	public int requireMemory(UniverSegModel model) {
		int s = UniverSegSegmenter.effectiveSupportSize(options, support);
		UniverSegSegmenter.requireMemory(model.config(), model.size(), s, options.memoryLimitMb());
		return s;
	}

	@Override
	public Worker open(UniverSegModel model, String device, Progress progress) {
		int[] chosen = support.labels(labels);
		UniverSeg.logSupport(support, requireMemory(model), options, progress);
		List<String> names = classNames != null ? classNames : UniverSeg.classNames(chosen);
		List<Color> colors = LabelImages.defaultColors(names.size());
		UniverSegSegmenter segmenter = new UniverSegSegmenter(model, Engines.device(device, progress::log));
		return new Worker() {

			@Override
			public void segment(Path input, Path output, Progress p) {
				ImageData image = ImageFiles.read(input);
				Img<UnsignedShortType> result = segmenter.segment(image, support, chosen, options, p);
				LabelFiles.writeOverlay(overlays, input, output, image, result, colors);
				LabelFiles.write(output, result, image, names, colors, 1);
			}

			@Override
			public void close() {
				segmenter.close();
			}
		};
	}
}
