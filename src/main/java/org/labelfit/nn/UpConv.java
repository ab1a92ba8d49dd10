package org.labelfit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code ConvTranspose2d(in, out, kernel_size=2, stride=2)} with bias, weight (in, out, 2, 2).
 * DJL's PyTorch engine does not implement deconvolution, and with stride = kernel the output
 * 2×2 patches do not overlap, so it is one matrix product: out[o, 2h+dy, 2w+dx] = Σ_c x[c, h, w]·W[c, o, dy, dx] + b[o].
 */
public final class UpConv extends AbstractBlock {

	private static final byte VERSION = 1;

	private final int in, out;
	private final Parameter weight, bias;

	public UpConv(int in, int out) {
		super(VERSION);
		this.in = in;
		this.out = out;
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(in, out, 2, 2)).build());
		bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build());
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		long n = x.getShape().get(0), h = x.getShape().get(2), w = x.getShape().get(3);
		NDArray wt = ps.getValue(weight, x.getDevice(), training).reshape(in, 4L * out);
		NDArray b = ps.getValue(bias, x.getDevice(), training).reshape(1, out, 1, 1);
		NDArray patches = x.transpose(0, 2, 3, 1).reshape(n * h * w, in).matMul(wt);
		return new NDList(patches.reshape(n, h, w, out, 2, 2).transpose(0, 3, 1, 4, 2, 5).reshape(n, out, 2 * h, 2 * w).add(b));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		return new Shape[] { new Shape(s.get(0), out, 2 * s.get(2), 2 * s.get(3)) };
	}
}
