package org.labelfit.engine;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution (stride 1, groups 1, 2D or 3D) whose channel counts reach PyTorch's oneDNN CPU kernels as whole
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
 * As a block: weight (out, in, k, k[, k]) and, where enabled, bias (out), under DJL's names {@code weight} and
 * {@code bias}, so initialisers and saved names are those of DJL's own convolutions; zero padding {@code k / 2}.
 */
public abstract sealed class PaddedConvolution extends AbstractBlock permits Convolution2d, Convolution3d {

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

	private final int dims, out, kernel;
	private final Parameter weight, bias;

	PaddedConvolution(int dims, int out, int kernel, boolean withBias) {
		super(VERSION);
		this.dims = dims;
		this.out = out;
		this.kernel = kernel;
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
		bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build()) :
			null;
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		long[] shape = new long[dims + 2];
		Arrays.fill(shape, kernel);
		shape[0] = out;
		shape[1] = inputShapes[0].get(1);
		weight.setShape(new Shape(shape));
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = ps.getValue(weight, x.getDevice(), training);
		NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
		return new NDList(convolve(x, w, b, same(dims, kernel)));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		// "same" padding with an odd kernel; an even kernel grows each spatial axis by one, as PyTorch's would
		long[] s = inputShapes[0].getShape().clone();
		s[1] = out;
		for (int d = 2; d < s.length; d++) s[d] += 2L * (kernel / 2) - kernel + 1;
		return new Shape[] { new Shape(s) };
	}

	/** Zero padding {@code kernel / 2} on each of {@code dims} spatial axes. */
	public static Shape same(int dims, int kernel) {
		long[] p = new long[dims];
		Arrays.fill(p, kernel / 2);
		return new Shape(p);
	}

	/**
	 * {@code convNd(x, weight, bias)} with stride 1 and the given zero {@code padding} (one entry per spatial axis):
	 * x (N, C, spatial…), weight (O, C, kernel…), bias (O) or null. On the CPU, C and O are zero-padded to whole
	 * channel blocks.
	 */
	static NDArray convolve(NDArray x, NDArray weight, NDArray bias, Shape padding) {
		int rank = x.getShape().dimension();
		if (rank != padding.dimension() + 2 || weight.getShape().dimension() != rank)
			throw new IllegalArgumentException("convolution of " + x.getShape() + " by " + weight.getShape() + " with padding " + padding);
		long in = x.getShape().get(1), outChannels = weight.getShape().get(0);
		long inPadded = wholeBlocks(in), outPadded = wholeBlocks(outChannels);
		if (!PAD_CHANNELS || x.getDevice().isGpu() || (in == inPadded && outChannels == outPadded))
			return raw(x, weight, bias, padding);
		// the padded copies are closed here (autograd keeps what it needs), so callers that free as they go stay flat
		NDArray xp = x, wp = weight, bp = bias;
		if (inPadded != in) {
			xp = concatZeros(x, 1, inPadded - in, false);
			wp = concatZeros(weight, 1, inPadded - in, false);
		}
		if (outPadded != outChannels) {
			wp = concatZeros(wp, 0, outPadded - outChannels, wp != weight);
			if (bias != null) bp = concatZeros(bias, 0, outPadded - outChannels, false);
		}
		NDArray y = raw(xp, wp, bp, padding);
		if (xp != x) xp.close();
		if (wp != weight) wp.close();
		if (bp != bias) bp.close();
		if (outPadded == outChannels) return y;
		NDArray kept = y.get(":, :{}", outChannels);
		y.close();
		return kept;
	}

	/** PyTorch's convolution as it is, for any spatial rank: what DJL's Conv2d and Conv3d call. */
	private static NDArray raw(NDArray x, NDArray weight, NDArray bias, Shape padding) {
		long[] ones = new long[padding.dimension()];
		Arrays.fill(ones, 1);
		Shape one = new Shape(ones);
		return x.getNDArrayInternal().convolution(x, weight, bias, one, padding, one, 1).singletonOrThrow();
	}

	/** {@code a} followed by {@code count} zeros along {@code axis}; {@code a} is closed when {@code closeInput}. */
	private static NDArray concatZeros(NDArray a, int axis, long count, boolean closeInput) {
		long[] shape = a.getShape().getShape().clone();
		shape[axis] = count;
		NDArray zeros = a.getManager().zeros(new Shape(shape), a.getDataType(), a.getDevice());
		NDArray out = a.concat(zeros, axis);
		zeros.close();
		if (closeInput) a.close();
		return out;
	}

	static long wholeBlocks(long channels) {
		return (channels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
	}
}
