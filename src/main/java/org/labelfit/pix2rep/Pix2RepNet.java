package org.labelfit.pix2rep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Convolution2d;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;
import org.labelfit.nn.DoubleConv;
import org.labelfit.nn.TorchNames;
import org.labelfit.nn.UpConv;

/**
 * The Pix2Rep network of {@link Pix2RepConfig} as a DJL block: {@code forward} maps (N, 1, H, W) to the dense
 * (N, F, H, W) representation (H, W multiples of 32); {@link #project} and {@link #classify} apply the projection
 * and downstream heads to it. The {@code training} flag switches BatchNorm between batch and running statistics.
 */
public final class Pix2RepNet extends AbstractBlock {

	private static final byte VERSION = 1;

	private final Pix2RepConfig config;
	private final TorchNames names = new TorchNames();
	/** Index 0 is {@code inc}, k is {@code down k}. */
	private final List<Block> encoders = new ArrayList<>();
	/** Index k − 1 holds {@code up k}. */
	private final List<Block> upconvs = new ArrayList<>(), decoders = new ArrayList<>();
	private final SequentialBlock projection = new SequentialBlock();
	private final Block head;
	/** PyTorch's num_batches_tracked, not kept by DJL's BatchNorm: carried from the weights, counted by the trainer. */
	private long batchesTracked;

	public Pix2RepNet(Pix2RepConfig config) {
		super(VERSION);
		this.config = config;
		encoders.add(addChildBlock("inc", doubleConv("inc.double_conv", config.encoderChannels(0))));
		for (int k = 1; k <= Pix2RepConfig.POOLINGS; k++)
			encoders.add(addChildBlock("down" + k, doubleConv("down" + k + ".maxpool_conv.1.double_conv", config.encoderChannels(k))));
		for (int k = 1; k <= Pix2RepConfig.POOLINGS; k++) {
			UpConv up = new UpConv(config.encoderChannels(Pix2RepConfig.POOLINGS - k + 1), config.encoderChannels(Pix2RepConfig.POOLINGS - k));
			names.add("up" + k + ".up", up);
			upconvs.add(addChildBlock("up" + k, up));
			decoders.add(addChildBlock("up" + k + "conv", doubleConv("up" + k + ".conv.double_conv", config.decoderChannels(k))));
		}
		Convolution2d inner = new Convolution2d(Pix2RepConfig.PROJECTION, 1, true), outer = new Convolution2d(Pix2RepConfig.PROJECTION, 1, true);
		BatchNorm norm = DoubleConv.batchNorm();
		names.add("projection.0", inner);
		names.add("projection.1", norm);
		names.add("projection.3", outer);
		addChildBlock("projection", projection.add(inner).add(norm).add(Activation.reluBlock()).add(outer));
		if (config.hasHead()) {
			Convolution2d conv = new Convolution2d(config.classes(), 1, true);
			names.add("outc.conv", conv);
			head = addChildBlock("outc", conv);
		}
		else head = null;
		// PyTorch's default: U(±1/√fan_in) for conv weights (kaiming_uniform with a = √5); biases start at 0
		setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
			Parameter.Type.WEIGHT);
	}

	private SequentialBlock doubleConv(String prefix, int out) {
		return DoubleConv.create(out, false, names, k -> prefix + "." + (3 * k - 3), k -> prefix + "." + (3 * k - 2));
	}

	public Pix2RepConfig config() {
		return config;
	}

	/** Every tensor name of this network in file order: backbone, projection head, downstream head. */
	public Map<String, long[]> tensorShapes() {
		Map<String, long[]> s = new LinkedHashMap<>(config.backboneShapes());
		s.putAll(config.projectionShapes());
		s.putAll(config.headShapes());
		return s;
	}

	/** Parameters the optimiser may update, by name (running statistics and counters excluded; valid once initialised). */
	public Map<String, Parameter> trainableParameters(boolean withProjection, boolean withHead) {
		Map<String, long[]> shapes = new LinkedHashMap<>(config.backboneShapes());
		if (withProjection) shapes.putAll(config.projectionShapes());
		if (withHead) shapes.putAll(config.headShapes());
		Map<String, Parameter> out = new LinkedHashMap<>();
		for (String name : shapes.keySet())
			if (!StateDicts.isStatistic(name)) out.put(name, names.get(name));
		return out;
	}

	/** Creates the parameters on {@code manager} (randomly initialised; seed the engine first). */
	public void initialize(NDManager manager) {
		initialize(manager, DataType.FLOAT32, new Shape(1, 1, Pix2RepConfig.DIVISOR, Pix2RepConfig.DIVISOR));
	}

	/**
	 * Copies the tensors of {@code weights} that this network has into its initialised parameters; a tensor
	 * absent from {@code weights} keeps its initial value (a pretrained backbone without projection or head).
	 * Shapes must match.
	 */
	public void load(Map<String, Tensor> weights) {
		Map<String, long[]> shapes = tensorShapes();
		try (Autograd noGraph = Autograd.pause()) {
			for (Map.Entry<String, Tensor> e : weights.entrySet()) {
				long[] shape = shapes.get(e.getKey());
				if (shape == null || !Arrays.equals(shape, e.getValue().shape()))
					throw new LabelFitException("Pix2Rep weight '" + e.getKey() + "' does not fit a network with " + config);
				if (e.getKey().endsWith(".num_batches_tracked")) batchesTracked = Math.max(batchesTracked, (long) e.getValue().get(0));
				else names.get(e.getKey()).getArray().set(e.getValue().buffer());
			}
		}
	}

	/**
	 * Moves every backbone and head tensor, BatchNorm running statistics included, to α·this + (1 − α)·other
	 * (α = 0 copies {@code other}): the Mean Teacher update. Both networks must share one configuration.
	 */
	void blendFrom(Pix2RepNet other, double alpha) {
		if (!other.config.equals(config)) throw new IllegalArgumentException("blending " + other.config + " into " + config);
		Map<String, long[]> shapes = new LinkedHashMap<>(config.backboneShapes());
		shapes.putAll(config.headShapes());
		try (Autograd noGraph = Autograd.pause()) {
			for (String name : shapes.keySet()) {
				if (name.endsWith(".num_batches_tracked")) continue;
				NDArray mine = names.get(name).getArray(), theirs = other.names.get(name).getArray();
				try (NDArray scaled = theirs.mul((float) (1 - alpha))) {
					mine.muli((float) alpha).addi(scaled);
				}
			}
		}
	}

	/** Counts one training-mode forward pass, as PyTorch's BatchNorm does. */
	void countBatch() {
		batchesTracked++;
	}

	/** Every tensor, running statistics included, copied off the device; the projection head only when asked. */
	public Map<String, Tensor> export(boolean withProjection) {
		Map<String, long[]> shapes = new LinkedHashMap<>(config.backboneShapes());
		if (withProjection) shapes.putAll(config.projectionShapes());
		shapes.putAll(config.headShapes());
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			if (e.getKey().endsWith(".num_batches_tracked")) out.put(e.getKey(), new Tensor(new long[0], new float[] { batchesTracked }));
			else {
				NDArray a = names.get(e.getKey()).getArray();
				out.put(e.getKey(), new Tensor(a.getShape().getShape(), a.toFloatArray()));
			}
		}
		return out;
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		checkInput(x.getShape());
		List<NDArray> skips = new ArrayList<>();
		for (int k = 0; k <= Pix2RepConfig.POOLINGS; k++) {
			if (k > 0) x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
			x = encoders.get(k).forward(ps, new NDList(x), training).singletonOrThrow();
			skips.add(x);
		}
		for (int k = 1; k <= Pix2RepConfig.POOLINGS; k++) {
			NDArray up = upconvs.get(k - 1).forward(ps, new NDList(x), training).singletonOrThrow();
			// inputs are multiples of 32, so no padding to the skip's size is ever needed; order [skip, up] as the official Up
			NDList cat = new NDList(skips.get(Pix2RepConfig.POOLINGS - k), up);
			x = decoders.get(k - 1).forward(ps, new NDList(NDArrays.concat(cat, 1)), training).singletonOrThrow();
		}
		return new NDList(x);
	}

	/** The projection head on features (N, F, H, W) → (N, 256, H, W). */
	public NDArray project(ParameterStore ps, NDArray features, boolean training) {
		return projection.forward(ps, new NDList(features), training).singletonOrThrow();
	}

	/** The downstream head's logits (N, classes, H, W). */
	public NDArray classify(ParameterStore ps, NDArray features) {
		if (head == null) throw new LabelFitException("this Pix2Rep network has no downstream head");
		return head.forward(ps, new NDList(features), false).singletonOrThrow();
	}

	private static void checkInput(Shape s) {
		if (s.dimension() != 4 || s.get(1) != 1) throw new LabelFitException("Pix2Rep expects N×1×H×W input, got " + s);
		int d = Pix2RepConfig.DIVISOR;
		if (s.get(2) % d != 0 || s.get(3) % d != 0 || s.get(2) == 0 || s.get(3) == 0)
			throw new LabelFitException("Pix2Rep needs height and width divisible by " + d + ", got " + s.get(2) + "×" + s.get(3));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		checkInput(s);
		return new Shape[] { new Shape(s.get(0), config.features(), s.get(2), s.get(3)) };
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		Shape in = inputShapes[0];
		checkInput(in);
		long n = in.get(0), h = in.get(2), w = in.get(3);
		for (int k = 0; k <= Pix2RepConfig.POOLINGS; k++)
			encoders.get(k).initialize(manager, dataType, new Shape(n, k == 0 ? 1 : config.encoderChannels(k - 1), h >> k, w >> k));
		for (int k = 1; k <= Pix2RepConfig.POOLINGS; k++) {
			int level = Pix2RepConfig.POOLINGS - k;
			upconvs.get(k - 1).initialize(manager, dataType, new Shape(n, config.encoderChannels(level + 1), h >> (level + 1), w >> (level + 1)));
			decoders.get(k - 1).initialize(manager, dataType, new Shape(n, 2 * config.encoderChannels(level), h >> level, w >> level));
		}
		projection.initialize(manager, dataType, new Shape(n, config.features(), h, w));
		if (head != null) head.initialize(manager, dataType, new Shape(n, config.features(), h, w));
	}
}
