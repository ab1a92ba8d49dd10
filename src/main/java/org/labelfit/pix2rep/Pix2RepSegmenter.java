package org.labelfit.pix2rep;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.NonFinite;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * Labels images with a Pix2Rep model that has a head (spec §7): each slice preprocessed as in training (the model's
 * crop, percentile clip, resize to its grid), features and head in eval mode, softmax, the most probable class, and
 * the labels back on the input's own grid (nearest; background outside the crop). Volumes go slice by slice.
 */
public final class Pix2RepSegmenter implements AutoCloseable {

	private static final int BATCH = 8;

	private final Pix2RepModel model;
	private final Pix2RepNet net;
	private final NDManager manager;
	private final ParameterStore ps;

	private final Pix2RepFeatureCache featureCache;
	private final String backbone;

	public Pix2RepSegmenter(Pix2RepModel model, Device device) {
		this(model, device, null);
	}

	/** With a {@code featureCache}, the backbone's features of slices seen before (when trained or labelled) are reused. */
	public Pix2RepSegmenter(Pix2RepModel model, Device device, Pix2RepFeatureCache featureCache) {
		if (!model.config().hasHead())
			throw new LabelFitException("this Pix2Rep model has no segmentation head (a pretrained backbone): train one with pix2rep train-head");
		this.model = model;
		net = new Pix2RepNet(model.config());
		manager = Engines.newManager(device);
		net.initialize(manager);
		net.load(model.weights());
		ps = new ParameterStore(manager, false);
		this.featureCache = featureCache;
		backbone = featureCache == null ? null : Pix2RepFeatureCache.backboneKey(model);
	}

	/** Labels of a 2D image, or of a volume slice by slice, on the image's own grid. */
	public Img<UnsignedShortType> segment(ImageData image, Progress progress) {
		int[] d = Images.dims2or3(image.pixels());
		List<float[]> slices = model.preprocessing().slices(image);
		Meter meter = new Meter(progress, "labelling " + image.name(), slices.size());
		List<short[]> out = new ArrayList<>();
		for (int from = 0; from < slices.size(); from += BATCH) {
			meter.checkCancelled();
			for (short[] labels : gridLabels(slices.subList(from, Math.min(slices.size(), from + BATCH)), image.name())) {
				out.add(model.preprocessing().back(labels, d[0], d[1]));
				meter.step(Double.NaN);
			}
		}
		return Images.labelImg(out, d[0], d[1]);
	}

	/** The most probable class of each pixel of preprocessed slices, on the model grid. */
	List<short[]> gridLabels(List<float[]> slices, String name) {
		int s = model.size(), plane = s * s, classes = model.config().classes(), n = slices.size();
		float[] x = new float[n * plane];
		for (int b = 0; b < n; b++) System.arraycopy(slices.get(b), 0, x, b * plane, plane);
		float[] p;
		try (NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
			scope.suppressNotUsedWarning();
			p = net.classify(ps, features(slices, x)).softmax(1).toFloatArray();
		}
		NonFinite.checkOutput("Pix2Rep on " + name, p);
		List<short[]> out = new ArrayList<>();
		for (int b = 0; b < n; b++) {
			short[] labels = new short[plane];
			int base = b * classes * plane;
			for (int i = 0; i < plane; i++) {
				int best = 0;
				for (int c = 1; c < classes; c++) if (p[base + c * plane + i] > p[base + best * plane + i]) best = c;
				labels[i] = (short) best;
			}
			out.add(labels);
		}
		return out;
	}

	/** The backbone's features of the slices (stacked in {@code x}): from the cache when it has all of them, else computed (and kept). */
	private NDArray features(List<float[]> slices, float[] x) {
		int s = model.size(), f = model.config().features(), n = slices.size();
		if (featureCache != null) {
			NDList known = new NDList();
			for (float[] slice : slices) {
				float[] cached = featureCache.get(backbone, slice);
				if (cached == null) break;
				known.add(manager.create(cached, new Shape(1, f, s, s)));
			}
			if (known.size() == n) return NDArrays.concat(known, 0);
		}
		NDArray features = net.forward(ps, new NDList(manager.create(x, new Shape(n, 1, s, s))), false).singletonOrThrow();
		if (featureCache != null)
			for (int b = 0; b < n; b++) featureCache.put(backbone, slices.get(b), features.get(b).toFloatArray());
		return features;
	}

	@Override
	public void close() {
		manager.close();
	}
}
