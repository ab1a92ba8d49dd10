package org.labelfit.unet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;
import org.labelfit.eval.ConfusionMatrix;
import org.labelfit.model.Tensor;

/**
 * The shape of a 2D or 3D U-Net ({@code dims}; 3D: every 3×3 is 3×3×3, pools and up-convolutions 2×2×2): {@code depth} encoder blocks of [Conv3×3 → BatchNorm → ReLU] ×2 with
 * {@code features}·2^i channels, each followed by a 2×2 max pool; a bottleneck block with
 * {@code features}·2^depth channels; per level a ConvTranspose2d(k2, s2, with bias), the concatenation
 * with the skip and the same double conv block; optionally a final Conv1×1 (with bias) to {@code classes}.
 * <p>
 * Tensor names are those of the Buda et al. PyTorch state dict ({@code encoder1.enc1conv1.weight},
 * {@code upconv4.bias}, {@code conv.weight}, ...), without {@code num_batches_tracked}.
 *
 * @param classes    output channels of the final 1×1 conv; 0 when there is none (the output then has
 *                   {@code features} channels)
 * @param convBias   whether the 3×3 convolutions have a bias (Buda: no, BatchNorm follows)
 * @param skipFirst  concatenation order in the decoder: [skip, up] when true, [up, skip] (Buda) when false
 * @param dims       spatial dimensions, 2 or 3
 */
public record UNetConfig(int inChannels, int classes, int depth, int features, boolean convBias, boolean skipFirst, int dims) {

	/** Limits of the network's size: channels anywhere (the bottleneck is the widest), levels, output classes. */
	public static final int MAX_CHANNELS = 1 << 16, MAX_DEPTH = 8, MAX_CLASSES = ConfusionMatrix.MAX_CLASSES;

	public UNetConfig {
		if (inChannels < 1 || inChannels > MAX_CHANNELS)
			throw new LabelFitException("a U-Net needs 1 to " + MAX_CHANNELS + " input channels, got " + inChannels);
		if (classes < 0 || classes > MAX_CLASSES)
			throw new LabelFitException("U-Net classes must be between 0 and " + MAX_CLASSES + ", got " + classes);
		if (depth < 1 || depth > MAX_DEPTH)
			throw new LabelFitException("U-Net depth must be between 1 and " + MAX_DEPTH + ", got " + depth);
		if (features < 1 || features > maxFeatures(depth))
			throw new LabelFitException("U-Net base features must be between 1 and " + maxFeatures(depth) + " for depth " + depth +
				", got " + features);
		if (dims != 2 && dims != 3) throw new LabelFitException("a U-Net is 2D or 3D, not " + dims + "D");
	}

	/** A 2D U-Net. */
	public UNetConfig(int inChannels, int classes, int depth, int features, boolean convBias, boolean skipFirst) {
		this(inChannels, classes, depth, features, convBias, skipFirst, 2);
	}

	/** The most base features a network of {@code depth} levels may have: its bottleneck has 2^depth times as many. */
	public static int maxFeatures(int depth) {
		return MAX_CHANNELS >> depth;
	}

	/** The Buda et al. brain-segmentation U-Net: depth 4, 32 base features, no conv bias, [up, skip], output conv. */
	public static UNetConfig buda(int inChannels, int classes) {
		if (classes < 1) throw new LabelFitException("the Buda U-Net needs at least one output class, got " + classes);
		return new UNetConfig(inChannels, classes, 4, 32, false, false);
	}

	public UNetConfig withDepth(int d) {
		return new UNetConfig(inChannels, classes, d, features, convBias, skipFirst, dims);
	}

	public UNetConfig withFeatures(int f) {
		return new UNetConfig(inChannels, classes, depth, f, convBias, skipFirst, dims);
	}

	public UNetConfig withConvBias(boolean b) {
		return new UNetConfig(inChannels, classes, depth, features, b, skipFirst, dims);
	}

	public UNetConfig withSkipFirst(boolean s) {
		return new UNetConfig(inChannels, classes, depth, features, convBias, s, dims);
	}

	/** {@code c} output classes through a final 1×1 conv, or 0 for none. */
	public UNetConfig withClasses(int c) {
		return new UNetConfig(inChannels, c, depth, features, convBias, skipFirst, dims);
	}

	public UNetConfig withDims(int d) {
		return new UNetConfig(inChannels, classes, depth, features, convBias, skipFirst, d);
	}

	public boolean hasOutputConv() {
		return classes > 0;
	}

	public int outputChannels() {
		return hasOutputConv() ? classes : features;
	}

	/** Channels of encoder level {@code level} (1-based); level depth + 1 is the bottleneck. */
	public int channels(int level) {
		return features << (level - 1);
	}

	/** Input height and width (and depth in 3D) must be multiples of this. */
	public int divisor() {
		return 1 << depth;
	}

	/** Every tensor in file order, running statistics included: name → shape. */
	public Map<String, long[]> tensorShapes() {
		Map<String, long[]> shapes = new LinkedHashMap<>();
		for (int i = 1; i <= depth; i++)
			block(shapes, "encoder" + i + ".enc" + i, i == 1 ? inChannels : channels(i - 1), channels(i));
		block(shapes, "bottleneck.bottleneck", channels(depth), channels(depth + 1));
		for (int i = depth; i >= 1; i--) {
			shapes.put("upconv" + i + ".weight", kernel(channels(i + 1), channels(i), 2));
			shapes.put("upconv" + i + ".bias", new long[] { channels(i) });
			block(shapes, "decoder" + i + ".dec" + i, 2 * channels(i), channels(i));
		}
		if (hasOutputConv()) {
			shapes.put("conv.weight", kernel(classes, features, 1));
			shapes.put("conv.bias", new long[] { classes });
		}
		return shapes;
	}

	/** Trainable parameters (running statistics excluded), as PyTorch's {@code sum(p.numel() for p in parameters())}. */
	public long parameterCount() {
		List<long[]> trainable = new ArrayList<>();
		for (Map.Entry<String, long[]> e : tensorShapes().entrySet())
			if (!isRunningStatistic(e.getKey())) trainable.add(e.getValue());
		return Tensor.elementCount(trainable);
	}

	/** Fails unless {@code weights} holds exactly this network's tensors with their shapes. */
	public void requireWeights(Map<String, Tensor> weights) {
		Map<String, long[]> shapes = tensorShapes();
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			Tensor t = weights.get(e.getKey());
			if (t == null) throw new LabelFitException("U-Net weight '" + e.getKey() + "' is missing");
			if (!Arrays.equals(t.shape(), e.getValue()))
				throw new LabelFitException("U-Net weight '" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + ", expected " +
					Arrays.toString(e.getValue()));
		}
		for (String name : weights.keySet())
			if (!shapes.containsKey(name)) throw new LabelFitException("unexpected U-Net weight '" + Quoted.of(name) + "'");
	}

	static boolean isRunningStatistic(String name) {
		return name.endsWith(".running_mean") || name.endsWith(".running_var");
	}

	private void block(Map<String, long[]> shapes, String prefix, int in, int out) {
		for (int k = 1; k <= 2; k++) {
			shapes.put(prefix + "conv" + k + ".weight", kernel(out, k == 1 ? in : out, 3));
			if (convBias) shapes.put(prefix + "conv" + k + ".bias", new long[] { out });
			for (String s : new String[] { "weight", "bias", "running_mean", "running_var" })
				shapes.put(prefix + "norm" + k + "." + s, new long[] { out });
		}
	}

	/** A weight shape (a, b, k, k[, k]). */
	private long[] kernel(long a, long b, long k) {
		long[] shape = new long[2 + dims];
		Arrays.fill(shape, k);
		shape[0] = a;
		shape[1] = b;
		return shape;
	}
}
