package org.labelfit.nn;

import java.util.function.IntFunction;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;

import org.labelfit.engine.Convolution2d;
import org.labelfit.engine.Convolution3d;
import org.labelfit.engine.PaddedConvolution;

/**
 * The U-Net double convolution block shared by the U-Net methods: [Conv3×3 (padding 1) → BatchNorm → ReLU] × 2, or
 * its 3D form with 3×3×3 convolutions (BatchNorm normalises channel 1 whatever the rank).
 */
public final class DoubleConv {

	private DoubleConv() {}

	/**
	 * A block to {@code out} channels; conv k (1 or 2) and its norm are recorded in {@code names} under
	 * {@code convName.apply(k)} and {@code normName.apply(k)}.
	 */
	public static SequentialBlock create(int out, boolean convBias, TorchNames names, IntFunction<String> convName,
		IntFunction<String> normName)
	{
		return create(2, out, convBias, names, convName, normName);
	}

	/** The block in {@code dims} (2 or 3) spatial dimensions. */
	public static SequentialBlock create(int dims, int out, boolean convBias, TorchNames names, IntFunction<String> convName,
		IntFunction<String> normName)
	{
		SequentialBlock block = new SequentialBlock();
		for (int k = 1; k <= 2; k++) {
			PaddedConvolution conv = convolution(dims, out, 3, convBias);
			BatchNorm norm = batchNorm();
			names.add(convName.apply(k), conv);
			names.add(normName.apply(k), norm);
			block.add(conv).add(norm).add(Activation.reluBlock());
		}
		return block;
	}

	/** A {@code kernel}^dims convolution (dims 2 or 3) through LabelFit's engine convolutions. */
	public static PaddedConvolution convolution(int dims, int out, int kernel, boolean withBias) {
		return switch (dims) {
			case 2 -> new Convolution2d(out, kernel, withBias);
			case 3 -> new Convolution3d(out, kernel, withBias);
			default -> throw new IllegalArgumentException("convolutions are 2D or 3D, not " + dims + "D");
		};
	}

	/** PyTorch's BatchNorm2d defaults: DJL's momentum 0.9 is PyTorch's 0.1; ε 1e-5. */
	public static BatchNorm batchNorm() {
		return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
	}
}
