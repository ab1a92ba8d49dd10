package org.labelfit.unet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
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
import org.labelfit.image.Images;
import org.labelfit.image.SquareGrid;
import org.labelfit.io.ImageData;
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;
import org.labelfit.engine.NonFinite;

/**
 * Labels images with a trained {@link UNetModel} (BatchNorm on its running statistics). Images are
 * preprocessed as for training (min-max over the image or volume, zero-pad to square, bilinear resize
 * to the model's size); the class probabilities are resized back bilinearly and cropped, then the most
 * probable class wins, which gives smoother boundaries than resizing labels. A 3D model labels whole volumes:
 * z-scored, then class probabilities from sliding windows of its patch size ({@link UNetWindows}), on the input grid.
 */
public final class UNetSegmenter implements AutoCloseable {

	/** Slices per forward pass. */
	private static final int BATCH = 8;

	private final UNetModel model;
	private final UNet net;
	private final NDManager manager;
	private final ParameterStore ps;

	public UNetSegmenter(UNetModel model, Device device) {
		this.model = model;
		this.net = new UNet(model.config());
		this.manager = Engines.newManager(device);
		net.initialize(manager);
		net.load(model.weights());
		ps = new ParameterStore(manager, false);
	}

	/** Class probabilities of preprocessed S×S samples: [sample][class · S² + y · S + x]. */
	public float[][] probabilities(List<Sample> samples) {
		if (model.config().dims() == 3) throw new LabelFitException("a 3D U-Net labels whole volumes, not 2D samples");
		int s = model.size(), plane = s * s, classes = model.config().classes();
		for (Sample sample : samples)
			if (sample.is3d() || sample.width() != s || sample.height() != s)
				throw new LabelFitException(sample.name() + " is " + sample.width() + "×" + sample.height() + "×" + sample.depth() +
					"; this U-Net takes " + s + "×" + s + " slices");
		float[][] out = new float[samples.size()][];
		for (int from = 0; from < samples.size(); from += BATCH) {
			int n = Math.min(BATCH, samples.size() - from);
			float[] x = new float[n * plane];
			for (int b = 0; b < n; b++) System.arraycopy(samples.get(from + b).intensity(), 0, x, b * plane, plane);
			float[] p;
			// a scope, not a sub-manager: results of ops on the weights (reshapes) attach to the weights' manager
			try (NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
				scope.suppressNotUsedWarning();
				NDArray input = manager.create(x, new Shape(n, 1, s, s));
				p = net.forward(ps, new NDList(input), false).singletonOrThrow().softmax(1).toFloatArray();
			}
			NonFinite.checkOutput("U-Net on " + samples.get(from).name() + (n > 1 ? " and the next " + (n - 1) : ""), p);
			for (int b = 0; b < n; b++) {
				out[from + b] = new float[classes * plane];
				System.arraycopy(p, b * classes * plane, out[from + b], 0, classes * plane);
			}
		}
		return out;
	}

	/** Labels of one preprocessed sample on the model's grid. */
	public short[] segment(Sample sample) {
		int plane = model.size() * model.size();
		return argmax(probabilities(List.of(sample))[0], model.config().classes(), plane);
	}

	/** Labels of a 2D image, or of a volume slice by slice (2D model) or whole (3D model), on the image's own grid. */
	public Img<UnsignedShortType> segment(ImageData image, Progress progress) {
		if (model.config().dims() == 3) return segmentVolume(UNetVolume.of(image), progress);
		List<Sample> slices = Samples.of(image, null, 2, model.size(), false);
		int[] d = Images.dims2or3(image.pixels());
		SquareGrid grid = new SquareGrid(d[0], d[1], model.size());
		int classes = model.config().classes();
		Meter meter = new Meter(progress, "labelling " + image.name(), slices.size());
		List<short[]> out = new ArrayList<>();
		for (int from = 0; from < slices.size(); from += BATCH) {
			for (float[] p : probabilities(slices.subList(from, Math.min(slices.size(), from + BATCH)))) {
				float[] back = new float[classes * d[0] * d[1]];
				int square = model.size() * model.size();
				for (int c = 0; c < classes; c++) {
					float[] map = new float[square];
					System.arraycopy(p, c * square, map, 0, square);
					System.arraycopy(grid.fromSquare(map), 0, back, c * d[0] * d[1], d[0] * d[1]);
				}
				out.add(argmax(back, classes, d[0] * d[1]));
				meter.step(Double.NaN);
			}
		}
		return Images.labelImg(out, d[0], d[1]);
	}

	private Img<UnsignedShortType> segmentVolume(UNetVolume volume, Progress progress) {
		int[] size = volume.size(), patch = model.patch();
		int classes = model.config().classes();
		long windows = 1;
		for (int a = 0; a < 3; a++) windows *= UNetWindows.starts(size[a], patch[a]).length;
		Meter meter = new Meter(progress, "labelling " + volume.name(), windows);
		Shape shape = new Shape(1, 1, patch[2], patch[1], patch[0]);
		float[] maps = UNetWindows.stitch(volume, patch, classes, values -> {
			float[] p;
			try (NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
				scope.suppressNotUsedWarning();
				p = net.forward(ps, new NDList(manager.create(values, shape)), false).singletonOrThrow().softmax(1).toFloatArray();
			}
			NonFinite.checkOutput("3D U-Net on " + volume.name(), p);
			meter.step(Double.NaN);
			return p;
		});
		int plane = size[0] * size[1];
		short[] labels = argmax(maps, classes, plane * size[2]);
		List<short[]> planes = new ArrayList<>();
		for (int z = 0; z < size[2]; z++) planes.add(Arrays.copyOfRange(labels, z * plane, (z + 1) * plane));
		return Images.labelImg(planes, size[0], size[1]);
	}

	/** The first most probable class of each pixel; maps are [class · plane + pixel]. */
	private static short[] argmax(float[] maps, int classes, int plane) {
		short[] labels = new short[plane];
		for (int i = 0; i < plane; i++) {
			int best = 0;
			for (int c = 1; c < classes; c++) if (maps[c * plane + i] > maps[best * plane + i]) best = c;
			labels[i] = (short) best;
		}
		return labels;
	}

	@Override
	public void close() {
		manager.close();
	}
}
