package org.labelfit.unet;

import java.util.ArrayList;
import java.util.Collections;
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
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.PaddedConvolution;
import org.labelfit.model.Tensor;
import org.labelfit.nn.DoubleConv;
import org.labelfit.nn.TorchNames;
import org.labelfit.nn.UpConv;

/**
 * A 2D or 3D U-Net as a DJL block (see {@link UNetConfig}): NCHW (3D: NCDHW) float input with every spatial size a
 * multiple of 2^depth, output (N, {@link UNetConfig#outputChannels()}, H, W) (3D: D, H, W) logits. The {@code training} flag of
 * {@code forward} switches BatchNorm between batch statistics (updating the running ones) and the
 * running statistics. Weights go in and out by the names of {@link UNetConfig#tensorShapes()}.
 */
public final class UNet extends AbstractBlock {

	private static final byte VERSION = 1;

	private final UNetConfig config;
	private final List<Block> encoders = new ArrayList<>();
	private final Block bottleneck;
	/** Index i − 1 holds level i's up-convolution and decoder block. */
	private final List<Block> upconvs = new ArrayList<>(), decoders = new ArrayList<>();
	private final Block head;
	private final TorchNames names = new TorchNames();

	public UNet(UNetConfig config) {
		super(VERSION);
		this.config = config;
		for (int i = 1; i <= config.depth(); i++)
			encoders.add(addChildBlock("encoder" + i, doubleConv("encoder" + i + ".enc" + i, config.channels(i))));
		bottleneck = addChildBlock("bottleneck", doubleConv("bottleneck.bottleneck", config.channels(config.depth() + 1)));
		for (int i = 1; i <= config.depth(); i++) {
			UpConv up = new UpConv(config.channels(i + 1), config.channels(i), config.dims());
			names.add("upconv" + i, up);
			upconvs.add(addChildBlock("upconv" + i, up));
			decoders.add(addChildBlock("decoder" + i, doubleConv("decoder" + i + ".dec" + i, config.channels(i))));
		}
		if (config.hasOutputConv()) {
			PaddedConvolution conv = DoubleConv.convolution(config.dims(), config.classes(), 1, true);
			names.add("conv", conv);
			head = addChildBlock("conv", conv);
		}
		else head = null;
		// PyTorch's default: U(±1/√fan_in) for conv weights (kaiming_uniform with a = √5); biases start at 0
		setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
			Parameter.Type.WEIGHT);
	}

	public UNetConfig config() {
		return config;
	}

	private SequentialBlock doubleConv(String prefix, int out) {
		return DoubleConv.create(config.dims(), out, config.convBias(), names, k -> prefix + "conv" + k, k -> prefix + "norm" + k);
	}

	/** Parameters by name, in {@link UNetConfig#tensorShapes()} order (valid once initialised). */
	public Map<String, Parameter> namedParameters() {
		Map<String, Parameter> ordered = new LinkedHashMap<>();
		for (String name : config.tensorShapes().keySet()) ordered.put(name, names.get(name));
		return Collections.unmodifiableMap(ordered);
	}

	/** Parameters the optimiser updates (running statistics excluded). */
	public List<Parameter> trainableParameters() {
		return namedParameters().values().stream().filter(Parameter::requiresGradient).toList();
	}

	/** Creates the parameters on {@code manager} (randomly initialised; seed the engine first). */
	public void initialize(NDManager manager) {
		initialize(manager, DataType.FLOAT32, shape(1, config.inChannels(), new long[] { config.divisor(), config.divisor(), config.divisor() }, 1));
	}

	/** Copies every tensor of {@code weights} into the initialised parameters; names and shapes must match exactly. */
	public void load(Map<String, Tensor> weights) {
		config.requireWeights(weights);
		try (Autograd noGraph = Autograd.pause()) {
			for (Map.Entry<String, Parameter> e : namedParameters().entrySet())
				e.getValue().getArray().set(weights.get(e.getKey()).buffer());
		}
	}


	/** Every tensor, running statistics included, copied off the device. */
	public Map<String, Tensor> export() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
			NDArray a = e.getValue().getArray();
			out.put(e.getKey(), new Tensor(a.getShape().getShape(), a.toFloatArray()));
		}
		return out;
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		checkInput(x.getShape());
		List<NDArray> skips = new ArrayList<>();
		for (Block enc : encoders) {
			x = enc.forward(ps, new NDList(x), training).singletonOrThrow();
			skips.add(x);
			x = config.dims() == 2 ? Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false) :
				Pool.maxPool3d(x, new Shape(2, 2, 2), new Shape(2, 2, 2), new Shape(0, 0, 0), false);
		}
		x = bottleneck.forward(ps, new NDList(x), training).singletonOrThrow();
		for (int i = config.depth(); i >= 1; i--) {
			NDArray up = upconvs.get(i - 1).forward(ps, new NDList(x), training).singletonOrThrow();
			NDArray skip = skips.get(i - 1);
			NDList cat = config.skipFirst() ? new NDList(skip, up) : new NDList(up, skip);
			x = decoders.get(i - 1).forward(ps, new NDList(NDArrays.concat(cat, 1)), training).singletonOrThrow();
		}
		return head == null ? new NDList(x) : head.forward(ps, new NDList(x), training);
	}

	private void checkInput(Shape s) {
		String axes = config.dims() == 2 ? "H×W" : "D×H×W";
		if (s.dimension() != 2 + config.dims() || s.get(1) != config.inChannels())
			throw new LabelFitException("the " + config.dims() + "D U-Net expects N×" + config.inChannels() + "×" + axes + " input, got " + s);
		int d = config.divisor();
		for (int a = 2; a < s.dimension(); a++)
			if (s.get(a) % d != 0 || s.get(a) == 0)
				throw new LabelFitException("the U-Net of depth " + config.depth() + " needs every side (" + axes + ") divisible by " + d +
					", got " + s.slice(2));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		checkInput(s);
		return new Shape[] { shape(s.get(0), config.outputChannels(), s.slice(2).getShape(), 1) };
	}

	/** (n, channels, spatial / factor) with the config's number of spatial axes taken from {@code spatial}. */
	private Shape shape(long n, long channels, long[] spatial, long factor) {
		long[] s = new long[2 + config.dims()];
		s[0] = n;
		s[1] = channels;
		for (int a = 0; a < config.dims(); a++) s[2 + a] = spatial[a] / factor;
		return new Shape(s);
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		Shape in = inputShapes[0];
		checkInput(in);
		long n = in.get(0);
		long[] spatial = in.slice(2).getShape();
		for (int i = 1; i <= config.depth(); i++)
			encoders.get(i - 1).initialize(manager, dataType,
				shape(n, i == 1 ? config.inChannels() : config.channels(i - 1), spatial, 1L << (i - 1)));
		bottleneck.initialize(manager, dataType, shape(n, config.channels(config.depth()), spatial, config.divisor()));
		for (int i = 1; i <= config.depth(); i++) {
			long g = 1L << (i - 1);
			upconvs.get(i - 1).initialize(manager, dataType, shape(n, config.channels(i + 1), spatial, 2 * g));
			decoders.get(i - 1).initialize(manager, dataType, shape(n, 2 * config.channels(i), spatial, g));
		}
		if (head != null) head.initialize(manager, dataType, shape(n, config.features(), spatial, 1));
	}
}
