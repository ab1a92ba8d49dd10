package org.labelfit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code ConvTranspose2d(in, out, kernel_size=2, stride=2)} with bias, weight (in, out, 2, 2), or its
 * {@code ConvTranspose3d} form, weight (in, out, 2, 2, 2). DJL's PyTorch engine does not implement deconvolution, and
 * with stride = kernel the output 2×2(×2) patches do not overlap, so it is one matrix product:
 * out[o, 2h+dy, 2w+dx] = Σ_c x[c, h, w]·W[c, o, dy, dx] + b[o] (and likewise with a depth axis).
 */
public final class UpConv extends AbstractBlock {

	private static final byte VERSION = 1;

	private final int in, out, dims;
	private final Parameter weight, bias;

	public UpConv(int in, int out) {
		this(in, out, 2);
	}

	/** The up-convolution in {@code dims} (2 or 3) spatial dimensions. */
	public UpConv(int in, int out, int dims) {
		super(VERSION);
		if (dims != 2 && dims != 3) throw new IllegalArgumentException("up-convolutions are 2D or 3D, not " + dims + "D");
		this.in = in;
		this.out = out;
		this.dims = dims;
		long[] shape = dims == 2 ? new long[] { in, out, 2, 2 } : new long[] { in, out, 2, 2, 2 };
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(shape)).build());
		bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build());
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		long[] s = x.getShape().getShape();
		long n = s[0], voxels = x.getShape().size() / (n * in);
		int taps = 1 << dims;
		NDArray wt = ps.getValue(weight, x.getDevice(), training).reshape(in, (long) taps * out);
		NDArray b = ps.getValue(bias, x.getDevice(), training).reshape(dims == 2 ? new Shape(1, out, 1, 1) : new Shape(1, out, 1, 1, 1));
		// channels last, one row per input pixel/voxel: each row gives its out × 2^dims output patch
		int[] channelsLast = dims == 2 ? new int[] { 0, 2, 3, 1 } : new int[] { 0, 2, 3, 4, 1 };
		NDArray patches = x.transpose(channelsLast).reshape(n * voxels, in).matMul(wt);
		if (dims == 2)
			return new NDList(patches.reshape(n, s[2], s[3], out, 2, 2).transpose(0, 3, 1, 4, 2, 5).reshape(n, out, 2 * s[2], 2 * s[3]).add(b));
		return new NDList(patches.reshape(n, s[2], s[3], s[4], out, 2, 2, 2).transpose(0, 4, 1, 5, 2, 6, 3, 7)
			.reshape(n, out, 2 * s[2], 2 * s[3], 2 * s[4]).add(b));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		long[] s = inputShapes[0].getShape().clone();
		s[1] = out;
		for (int d = 2; d < s.length; d++) s[d] *= 2;
		return new Shape[] { new Shape(s) };
	}
}
