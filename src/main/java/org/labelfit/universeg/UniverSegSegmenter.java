package org.labelfit.universeg;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.LabelFitException;
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.image.Images;
import org.labelfit.image.SquareGrid;
import org.labelfit.io.ImageData;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;
import org.labelfit.engine.NonFinite;

/**
 * Segments queries from a {@link SupportSet}: one binary UniverSeg task per label, each the mean
 * sigmoid probability over K support subsets of size S; labels are then fused per pixel by the most
 * probable label, background where no label reaches the threshold. Probabilities are mapped back to
 * the query's own grid before fusing, which gives smoother boundaries than resizing labels.
 */
public final class UniverSegSegmenter implements AutoCloseable {

	/**
	 * How to segment.
	 *
	 * @param supportSize S, examples per forward pass; 0 for all of them up to {@link #DEFAULT_MAX_SUPPORT}
	 * @param ensemble K, random support subsets whose probabilities are averaged
	 * @param threshold foreground probability a label needs (0.5 as the authors use)
	 * @param memoryLimitMb memory one query may use; 0 for 80% of what the system has available
	 */
	public record Options(int supportSize, int ensemble, long seed, double threshold, long memoryLimitMb) implements java.io.Serializable {

		public Options {
			if (supportSize < 0) throw new LabelFitException("support size must be 1 or more (0 for all), got " + supportSize);
			if (ensemble < 1) throw new LabelFitException("ensemble size must be 1 or more, got " + ensemble);
			if (!(threshold > 0 && threshold < 1)) throw new LabelFitException("threshold must be between 0 and 1, got " + threshold);
			if (memoryLimitMb < 0) throw new LabelFitException("memory limit must be 0 (automatic) or more, got " + memoryLimitMb);
		}

		public static Options defaults() {
			return new Options(0, 1, 42, 0.5, 0);
		}
	}

	/** The released model was trained with S = 64; more only costs memory. */
	public static final int DEFAULT_MAX_SUPPORT = 64;
	/** Working memory that does not grow with S (query tensors, weights, engine workspace), MB. */
	static final double FIXED_MB = 80;

	private final UniverSegModel model;
	private final NDManager manager;
	private final UniverSegNet net;

	public UniverSegSegmenter(UniverSegModel model, Device device) {
		this.model = model;
		this.manager = Engines.newManager(device);
		this.net = new UniverSegNet(model.config(), model.weights(), manager);
	}

	/**
	 * Native memory one query needs beyond the engine itself, MB: at the full-resolution level each
	 * support element holds about 3.5 feature maps at once (CrossConv output, conv output, activation).
	 */
	public static double estimateMegabytes(UniverSegConfig config, int size, int supportSize) {
		int widest = 0;
		for (int w : config.encoder()) widest = Math.max(widest, w);
		return FIXED_MB + supportSize * 3.5 * widest * (double) size * size * Float.BYTES / (1 << 20);
	}

	/** S for this support set: the requested size capped by the examples there are. */
	public static int effectiveSupportSize(Options o, SupportSet support) {
		return Math.min(o.supportSize() == 0 ? DEFAULT_MAX_SUPPORT : o.supportSize(), support.size());
	}

	/** Fails with a suggested S when one query would not fit into the memory limit (or what the system has free). */
	public static void requireMemory(UniverSegConfig config, int size, int supportSize, long limitMb) {
		long budget = limitMb > 0 ? limitMb : (long) (0.8 * Memory.availableMegabytes());
		if (budget <= 0) return;
		double need = estimateMegabytes(config, size, supportSize);
		if (need > budget) {
			int fits = (int) Math.floor(supportSize * (budget - FIXED_MB) / (need - FIXED_MB));
			throw new LabelFitException(String.format("support size %d needs about %.0f MB per query but only %d MB %s; %s", supportSize,
				need, budget, limitMb > 0 ? "are allowed" : "are free", fits >= 1 ? "use a support size of at most " + fits +
					(fits > 1 ? " (with --ensemble to use more examples)" : "") : "free some memory first"));
		}
	}

	/**
	 * Foreground probabilities on the model's grid of one preprocessed query: [label index][pixel].
	 * Each ensemble member draws its own S examples (all of them when S equals the set's size).
	 */
	public float[][] probabilities(float[] query, SupportSet support, int[] labels, Options o, Meter meter) {
		int size = model.size(), plane = size * size;
		if (support.gridSize() != size) throw new LabelFitException("support set is on a " + support.gridSize() + " grid, model on " + size);
		if (query.length != plane) throw new LabelFitException("query is not on the model's " + size + "×" + size + " grid");
		List<int[]> subsets = subsets(support.size(), effectiveSupportSize(o, support), o.ensemble(), o.seed());
		float[][] out = new float[labels.length][plane];
		for (int[] subset : subsets) {
			int s = subset.length;
			float[] images = new float[s * plane];
			for (int j = 0; j < s; j++) System.arraycopy(support.examples().get(subset[j]).intensity(), 0, images, j * plane, plane);
			// query and support images are the same for every label: on the device once per subset
			try (NDScope subsetScope = new NDScope(); Autograd noGraph = Autograd.pause()) {
				subsetScope.suppressNotUsedWarning();
				NDArray q = manager.create(query, new Shape(1, 1, size, size)), v = manager.create(images, new Shape(1, s, 1, size, size));
				for (int l = 0; l < labels.length; l++) {
					meter.checkCancelled();
					float[] masks = new float[s * plane];
					for (int j = 0; j < s; j++) System.arraycopy(support.mask(subset[j], labels[l]), 0, masks, j * plane, plane);
					float[] p;
					try (NDScope labelScope = new NDScope()) {
						labelScope.suppressNotUsedWarning();
						p = Activation.sigmoid(net.forward(q, v, manager.create(masks, new Shape(1, s, 1, size, size)))).toFloatArray();
					}
					NonFinite.checkOutput("UniverSeg, label " + labels[l], p);
					for (int i = 0; i < plane; i++) out[l][i] += p[i] / subsets.size();
					meter.step(Double.NaN);
				}
			}
		}
		return out;
	}

	/** Labels of a 2D image, or of a volume slice by slice, on the image's own grid. */
	public Img<UnsignedShortType> segment(ImageData image, SupportSet support, int[] labels, Options o, Progress progress) {
		int s = effectiveSupportSize(o, support);
		requireMemory(model.config(), model.size(), s, o.memoryLimitMb());
		List<Sample> slices = Samples.of(image, null, 2, model.size(), false);
		int[] d = Images.dims2or3(image.pixels());
		SquareGrid grid = new SquareGrid(d[0], d[1], model.size());
		int members = s >= support.size() ? 1 : o.ensemble();
		Meter meter = new Meter(progress, "segmenting " + image.name(), (long) slices.size() * labels.length * members);
		List<short[]> out = new ArrayList<>();
		for (Sample slice : slices) {
			float[][] p = probabilities(slice.intensity(), support, labels, o, meter);
			float[][] back = new float[labels.length][];
			for (int l = 0; l < labels.length; l++) back[l] = grid.fromSquare(p[l]);
			out.add(fuse(back, labels, o.threshold()));
		}
		return Images.labelImg(out, d[0], d[1]);
	}

	/** Per pixel the label of highest probability, or 0 where none reaches {@code threshold}. */
	static short[] fuse(float[][] probabilities, int[] labels, double threshold) {
		int n = probabilities[0].length;
		short[] out = new short[n];
		for (int i = 0; i < n; i++) {
			int best = -1;
			for (int l = 0; l < labels.length; l++)
				if (probabilities[l][i] >= threshold && (best < 0 || probabilities[l][i] > probabilities[best][i])) best = l;
			if (best >= 0) out[i] = (short) labels[best];
		}
		return out;
	}

	/** K random subsets of size s drawn from n examples; one subset of all when s = n, since repeats would be identical. */
	static List<int[]> subsets(int n, int s, int k, long seed) {
		List<int[]> out = new ArrayList<>();
		if (s >= n) {
			int[] all = new int[n];
			for (int i = 0; i < n; i++) all[i] = i;
			out.add(all);
			return out;
		}
		Random rng = new Random(seed);
		for (int m = 0; m < k; m++) {
			int[] idx = new int[n];
			for (int i = 0; i < n; i++) idx[i] = i;
			for (int i = 0; i < s; i++) {
				int j = i + rng.nextInt(n - i);
				int t = idx[i];
				idx[i] = idx[j];
				idx[j] = t;
			}
			out.add(java.util.Arrays.copyOf(idx, s));
		}
		return out;
	}

	@Override
	public void close() {
		net.close();
		manager.close();
	}
}
