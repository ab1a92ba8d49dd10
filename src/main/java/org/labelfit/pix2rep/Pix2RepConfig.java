package org.labelfit.pix2rep;

import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.eval.ConfusionMatrix;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

/**
 * The shape of a Pix2Rep network (docs/pix2rep.md, spec §2): a 6-level U-Net backbone of width {@code width}
 * (channels w, 2w, … 32w) whose last double conv gives {@code features} channels per pixel at full resolution;
 * the pretraining projection head Conv1×1(F→256) → BN → ReLU → Conv1×1(256→256); and, when {@code classes} > 0,
 * the downstream head Conv1×1(F→classes).
 * <p>
 * Tensor names are those of the official state dict ({@code inc.double_conv.0.weight}, {@code down3.maxpool_conv.1.double_conv.4.running_var},
 * {@code up2.up.weight}, …, {@code outc.conv.weight}), BatchNorm running statistics and {@code num_batches_tracked} included.
 * The official projection-head names are not documented; LabelFit names it {@code projection.{0,1,3}} after its
 * Sequential layout.
 */
public record Pix2RepConfig(int width, int features, int classes) {

	/** Down-samplings of the backbone: 6 resolution levels. */
	public static final int POOLINGS = 5;
	/** Input height and width must be multiples of this. */
	public static final int DIVISOR = 1 << POOLINGS;
	/** Projection head width and output (official {@code inner_dim_1} and {@code n_features_map_mlp}). */
	public static final int PROJECTION = 256;
	/** The widest layer has 32·width channels; these bound what a model file may ask for. */
	public static final int MAX_WIDTH = 512, MAX_FEATURES = 8192, MAX_CLASSES = ConfusionMatrix.MAX_CLASSES;
	/** The downstream head's names in the official code ({@code OutConv}). */
	static final String HEAD_WEIGHT = "outc.conv.weight", HEAD_BIAS = "outc.conv.bias";
	/** The CPU default (docs/pix2rep.md: about 1/64 of the paper's cost per slice). */
	public static final int DEFAULT_WIDTH = 16, DEFAULT_FEATURES = 128;

	public Pix2RepConfig {
		if (width < 1 || width > MAX_WIDTH) throw new LabelFitException("Pix2Rep width must be between 1 and " + MAX_WIDTH + ", got " + width);
		if (features < 1 || features > MAX_FEATURES)
			throw new LabelFitException("Pix2Rep features must be between 1 and " + MAX_FEATURES + ", got " + features);
		if (classes < 0 || classes > MAX_CLASSES)
			throw new LabelFitException("Pix2Rep classes must be between 0 and " + MAX_CLASSES + ", got " + classes);
	}

	/** The paper's configuration: w = 64, F = 1024, no downstream head. */
	public static Pix2RepConfig paper() {
		return new Pix2RepConfig(64, 1024, 0);
	}

	public Pix2RepConfig withClasses(int c) {
		return new Pix2RepConfig(width, features, c);
	}

	public boolean hasHead() {
		return classes > 0;
	}

	/** Channels of the encoder at level {@code level}: 0 is {@code inc}, k is {@code down k}. */
	int encoderChannels(int level) {
		return width << level;
	}

	/** Output channels of {@code up k} (1..5): the mirrored encoder level, except that up5 gives the features. */
	int decoderChannels(int k) {
		return k == POOLINGS ? features : encoderChannels(POOLINGS - k);
	}

	/** The backbone's tensors in state-dict order: name → shape (num_batches_tracked is a scalar). */
	public Map<String, long[]> backboneShapes() {
		Map<String, long[]> s = new LinkedHashMap<>();
		doubleConv(s, "inc.double_conv", 1, encoderChannels(0));
		for (int k = 1; k <= POOLINGS; k++)
			doubleConv(s, "down" + k + ".maxpool_conv.1.double_conv", encoderChannels(k - 1), encoderChannels(k));
		for (int k = 1; k <= POOLINGS; k++) {
			int in = encoderChannels(POOLINGS - k + 1), skip = encoderChannels(POOLINGS - k);
			s.put("up" + k + ".up.weight", new long[] { in, skip, 2, 2 });
			s.put("up" + k + ".up.bias", new long[] { skip });
			doubleConv(s, "up" + k + ".conv.double_conv", 2 * skip, decoderChannels(k));
		}
		return s;
	}

	/** The projection head's tensors. */
	public Map<String, long[]> projectionShapes() {
		Map<String, long[]> s = new LinkedHashMap<>();
		s.put("projection.0.weight", new long[] { PROJECTION, features, 1, 1 });
		s.put("projection.0.bias", new long[] { PROJECTION });
		batchNorm(s, "projection.1", PROJECTION);
		s.put("projection.3.weight", new long[] { PROJECTION, PROJECTION, 1, 1 });
		s.put("projection.3.bias", new long[] { PROJECTION });
		return s;
	}

	/** The downstream head's tensors (empty without classes). */
	public Map<String, long[]> headShapes() {
		Map<String, long[]> s = new LinkedHashMap<>();
		if (hasHead()) {
			s.put(HEAD_WEIGHT, new long[] { classes, features, 1, 1 });
			s.put(HEAD_BIAS, new long[] { classes });
		}
		return s;
	}

	/** Backbone and downstream head parameters: what segmenting uses. */
	public long parameterCount() {
		return StateDicts.parameterCount(backboneShapes()) + StateDicts.parameterCount(headShapes());
	}

	/**
	 * The configuration a state dict implies: width from {@code inc}'s first conv, features from {@code up5}'s
	 * first conv, classes from {@code outc} when present; then every key must match it.
	 */
	public static Pix2RepConfig of(Map<String, Tensor> weights, Map<String, long[]> extra) {
		int width = (int) dimension(weights, "inc.double_conv.0.weight", 0, MAX_WIDTH);
		int features = (int) dimension(weights, "up5.conv.double_conv.0.weight", 0, MAX_FEATURES);
		int classes = weights.containsKey(HEAD_WEIGHT) ? (int) dimension(weights, HEAD_WEIGHT, 0, MAX_CLASSES) : 0;
		Pix2RepConfig config = new Pix2RepConfig(width, features, classes);
		Map<String, long[]> expected = new LinkedHashMap<>(config.backboneShapes());
		expected.putAll(config.headShapes());
		expected.putAll(extra);
		require(weights, expected);
		return config;
	}

	private static long dimension(Map<String, Tensor> weights, String name, int axis, int max) {
		return StateDicts.dimension("Pix2Rep", weights, name, axis, max);
	}

	/** Fails, naming the first offending key, unless {@code weights} holds exactly {@code shapes}. */
	static void require(Map<String, Tensor> weights, Map<String, long[]> shapes) {
		StateDicts.require("Pix2Rep", weights, shapes);
	}

	/** A DoubleConv's state dict: convs at Sequential indices 0 and 3 (no bias), BatchNorms at 1 and 4. */
	private static void doubleConv(Map<String, long[]> s, String prefix, int in, int out) {
		s.put(prefix + ".0.weight", new long[] { out, in, 3, 3 });
		batchNorm(s, prefix + ".1", out);
		s.put(prefix + ".3.weight", new long[] { out, out, 3, 3 });
		batchNorm(s, prefix + ".4", out);
	}

	private static void batchNorm(Map<String, long[]> s, String prefix, int channels) {
		for (String k : new String[] { "weight", "bias", "running_mean", "running_var" })
			s.put(prefix + "." + k, new long[] { channels });
		s.put(prefix + ".num_batches_tracked", new long[0]);
	}

	@Override
	public String toString() {
		return "w = " + width + ", F = " + features + (hasHead() ? ", " + classes + " classes" : "");
	}
}
