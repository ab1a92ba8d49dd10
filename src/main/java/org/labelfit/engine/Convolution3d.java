package org.labelfit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A cubic 3D {@link PaddedConvolution}: every LabelFit 3D convolution goes through it. */
public final class Convolution3d extends PaddedConvolution {

	/** A {@code kernel}³ convolution to {@code out} channels, zero padding {@code kernel / 2}. */
	public Convolution3d(int out, int kernel, boolean withBias) {
		super(3, out, kernel, withBias);
	}

	/** {@code conv3d(x, weight, bias)}, stride 1: x (N, C, D, H, W), weight (O, C, kD, kH, kW), bias (O) or null; padding (pD, pH, pW). */
	public static NDArray conv3d(NDArray x, NDArray weight, NDArray bias, Shape padding) {
		return convolve(x, weight, bias, padding);
	}
}
