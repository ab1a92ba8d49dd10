package org.labelfit.metaseg;

import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchMethod;
import org.labelfit.engine.Engines;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.LabelFiles;
import org.labelfit.io.OutputFiles;
import org.labelfit.train.Progress;

/**
 * {@code metaseg label} as a batch method: every input is fitted and labelled with one segmenter.
 *
 * @param fitSteps fitting steps; 0 for the model's T
 * @param scale output grid relative to the input
 * @param overlays also write a PNG preview per 2D input
 */
public record MetaSegBatch(int fitSteps, double scale, boolean overlays) implements BatchMethod<MetaSegModel> {

	@Override
	public String name() {
		return "metaseg label";
	}

	@Override
	public String memoryAdvice() {
		return "MetaSeg fits one image per task on the model grid, a 3D model the whole volume at once";
	}

	@Override
	public MetaSegModel load(Path modelFile) {
		return MetaSegModelFile.load(modelFile);
	}

	@Override
	public void check(Path input, Path output) {
		if (scale != 1 && OutputFiles.isNifti(output))
			throw new LabelFitException("scale " + scale + " changes the grid, so the labels cannot keep " + input.getFileName() +
				"'s NIfTI geometry; write a .tif instead");
	}

	@Override
	public Worker open(MetaSegModel model, String device, Progress progress) {
		MetaSegSegmenter segmenter = new MetaSegSegmenter(model, Engines.device(device, progress::log), fitSteps);
		return new Worker() {

			@Override
			public void segment(Path input, Path output, Progress p) {
				ImageData image = ImageFiles.read(input);
				Img<UnsignedShortType> labels = MetaSeg.segment(segmenter, model, image, scale, p);
				LabelFiles.writeOverlay(overlays && scale == 1, input, output, image, labels, MetaSeg.colors(model));
				LabelFiles.write(output, labels, image, model.classNames(), MetaSeg.colors(model), scale);
			}

			@Override
			public void close() {
				segmenter.close();
			}
		};
	}
}
