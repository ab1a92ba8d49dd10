package org.labelfit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2D convolution (stride 1, groups 1) whose channel counts reach PyTorch's oneDNN CPU kernels as whole
 * blocks of {@value #CHANNEL_BLOCK}.
 * <p>
 * On some x86-64 CPUs (seen on an AMD EPYC with AVX-512, oneDNN 3.7.1 inside PyTorch 2.7.1), oneDNN's
 * blocked-layout convolutions give wrong results when a channel count is not a multiple of the kernel's
 * SIMD block (16 for AVX-512, 8 for AVX2): the input gradient is wrong whenever the output channels are
 * partial, the forward pass whenever blocked input channels are, and memory the kernel never wrote shows
 * up as NaN in some runs. Capping oneDNN at AVX2 only moves the fault to other channel counts. Padding both
 * channel dimensions with zeros to a multiple of 16 gives the same convolution exactly (the zero weights add
 * nothing and the extra output channels are dropped) and keeps every kernel on full blocks on every ISA.
 * {@code docs/onednn-channel-blocks.md} has the evidence and a stand-alone reproducer.
 * <p>
 * As a block: weight (out, in, k, k) and, where enabled, bias (out), under DJL's names {@code weight} and
 * {@code bias}, so initialisers and saved names are those of DJL's {@link Conv2d}.
 */
public final class Convolution2d extends AbstractBlock {

	/** Channel counts are padded to multiples of this (a multiple of every oneDNN x86 block size). */
	public static final int CHANNEL_BLOCK = 16;

	/**
	 * {@code -Dlabelfit.conv.pad-channels=false} turns the padding off, to measure the fault on a given CPU
	 * (docs/onednn-channel-blocks.md); read once, so one JVM never mixes both.
	 */
	static final boolean PAD_CHANNELS = !"false".equalsIgnoreCase(System.getProperty("labelfit.conv.pad-channels"));

	/** What {@link Engines#device} reports, so logs say which workaround runs and why. */
	public static final String WORKAROUND = PAD_CHANNELS ? "CPU convolutions padded to whole " + CHANNEL_BLOCK +
		"-channel blocks (oneDNN gives wrong results for partial channel blocks on some CPUs; docs/onednn-channel-blocks.md)" :
		"CPU convolution channel padding OFF (labelfit.conv.pad-channels=false): results may be wrong on some CPUs";

	private static final byte VERSION = 1;
	private static final Shape ONE = new Shape(1, 1);

	private final int out, kernel;
	private final Shape padding;
	private final Parameter weight, bias;

	/** A square {@code kernel}×{@code kernel} convolution to {@code out} channels, zero padding {@code kernel / 2}. */
	public Convolution2d(int out, int kernel, boolean withBias) {
		super(VERSION);
		this.out = out;
		this.kernel = kernel;
		this.padding = new Shape(kernel / 2, kernel / 2);
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
		bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build()) :
			null;
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		weight.setShape(new Shape(out, inputShapes[0].get(1), kernel, kernel));
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = ps.getValue(weight, x.getDevice(), training);
		NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
		return new NDList(conv2d(x, w, b, padding));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		long h = s.get(2) + 2 * padding.get(0) - kernel + 1, w = s.get(3) + 2 * padding.get(1) - kernel + 1;
		return new Shape[] { new Shape(s.get(0), out, h, w) };
	}

	/**
	 * {@code conv2d(x, weight, bias)} with stride 1 and the given zero {@code padding}: x (N, C, H, W),
	 * weight (O, C, kH, kW), bias (O) or null. On the CPU, C and O are zero-padded to whole channel blocks.
	 */
	public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape padding) {
		long in = x.getShape().get(1), outChannels = weight.getShape().get(0);
		long inPadded = wholeBlocks(in), outPadded = wholeBlocks(outChannels);
		if (!PAD_CHANNELS || x.getDevice().isGpu() || (in == inPadded && outChannels == outPadded))
			return Conv2d.conv2d(x, weight, bias, ONE, padding, ONE, 1).singletonOrThrow();
		// the padded copies are closed here (autograd keeps what it needs), so callers that free as they go stay flat
		Shape xs = x.getShape(), ws = weight.getShape();
		NDArray xp = x, wp = weight, bp = bias;
		if (inPadded != in) {
			xp = concatZeros(x, new Shape(xs.get(0), inPadded - in, xs.get(2), xs.get(3)), 1, false);
			wp = concatZeros(weight, new Shape(outChannels, inPadded - in, ws.get(2), ws.get(3)), 1, false);
		}
		if (outPadded != outChannels) {
			wp = concatZeros(wp, new Shape(outPadded - outChannels, inPadded, ws.get(2), ws.get(3)), 0, wp != weight);
			if (bias != null) bp = concatZeros(bias, new Shape(outPadded - outChannels), 0, false);
		}
		NDArray y = Conv2d.conv2d(xp, wp, bp, ONE, padding, ONE, 1).singletonOrThrow();
		if (xp != x) xp.close();
		if (wp != weight) wp.close();
		if (bp != bias) bp.close();
		if (outPadded == outChannels) return y;
		NDArray kept = y.get(":, :{}", outChannels);
		y.close();
		return kept;
	}

	/** {@code a} followed by zeros of {@code shape} along {@code axis}; {@code a} is closed when {@code closeInput}. */
	private static NDArray concatZeros(NDArray a, Shape shape, int axis, boolean closeInput) {
		NDArray zeros = a.getManager().zeros(shape, a.getDataType(), a.getDevice());
		NDArray out = a.concat(zeros, axis);
		zeros.close();
		if (closeInput) a.close();
		return out;
	}

	static long wholeBlocks(long channels) {
		return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
	}
}
