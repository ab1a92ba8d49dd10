package org.labelfit.eval;

import java.util.ArrayList;
import java.util.List;

import org.labelfit.LabelFitException;

/**
 * Collects metrics over many images or volumes: both the summed confusion matrix (pooled metrics, as if all images
 * were one) and each image's own metrics (for the mean over images, which is how MetaSeg reports generalised Dice).
 * A volume evaluated slice by slice is one image: collect its slices in a {@link ConfusionMatrix} and add that.
 */
public final class MetricsAccumulator {

	private final ConfusionMatrix total;
	private final List<SegmentationMetrics> perImage = new ArrayList<>();

	public MetricsAccumulator(int numClasses) {
		total = new ConfusionMatrix(numClasses);
	}

	/** Adds one image (or flattened volume) and returns its own metrics. */
	public SegmentationMetrics add(int[] prediction, int[] truth) {
		return add(ConfusionMatrix.of(prediction, truth, total.numClasses()));
	}

	public SegmentationMetrics add(short[] prediction, short[] truth) {
		return add(ConfusionMatrix.of(prediction, truth, total.numClasses()));
	}

	/** Adds one image given by its counts. */
	public SegmentationMetrics add(ConfusionMatrix image) {
		total.add(image);
		SegmentationMetrics metrics = SegmentationMetrics.of(image);
		perImage.add(metrics);
		return metrics;
	}

	public int images() {
		return perImage.size();
	}

	public ConfusionMatrix total() {
		return total.copy();
	}

	/** Metrics of the summed counts; throws when nothing was added. */
	public SegmentationMetrics pooled() {
		if (perImage.isEmpty())
			throw new LabelFitException("no images were evaluated");
		return SegmentationMetrics.of(total, perImage.size());
	}

	/** Each value averaged over the images; throws when nothing was added. */
	public SegmentationMetrics perImageMean() {
		return SegmentationMetrics.mean(perImage);
	}

	public List<SegmentationMetrics> perImage() {
		return List.copyOf(perImage);
	}
}
