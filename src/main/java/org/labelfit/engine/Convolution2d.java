package org.labelfit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A square 2D {@link PaddedConvolution}: every LabelFit 2D convolution goes through it. */
public final class Convolution2d extends PaddedConvolution {

	/** A {@code kernel}×{@code kernel} convolution to {@code out} channels, zero padding {@code kernel / 2}. */
	public Convolution2d(int out, int kernel, boolean withBias) {
		super(2, out, kernel, withBias);
	}

	/** {@code conv2d(x, weight, bias)}, stride 1: x (N, C, H, W), weight (O, C, kH, kW), bias (O) or null; padding (pH, pW). */
	public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape padding) {
		return convolve(x, weight, bias, padding);
	}
}
