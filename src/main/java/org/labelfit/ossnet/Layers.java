package org.labelfit.ossnet;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Convolution3d;
import org.labelfit.engine.PaddedConvolution;

/** The layers of OSS-Net over its named parameters (official state-dict names); each closes nothing it was given. */
final class Layers {

	/** PyTorch's BatchNorm defaults: momentum 0.1 (DJL counts it the other way round: 0.9), ε 1e-5. */
	static final float MOMENTUM = 0.9f, EPSILON = 1e-5f;

	private Layers() {}

	static NDArray param(Map<String, NDArray> p, String name) {
		NDArray a = p.get(name);
		if (a == null) throw new LabelFitException("OSS-Net network has no tensor '" + name + "'");
		return a;
	}

	/** Conv3d with "same" zero padding, bias when the state dict has one. */
	static NDArray conv(NDArray x, Map<String, NDArray> p, String prefix) {
		NDArray w = param(p, prefix + ".weight");
		return Convolution3d.conv3d(x, w, p.get(prefix + ".bias"), PaddedConvolution.same(3, (int) w.getShape().get(2)));
	}

	/**
	 * BatchNorm over axis 1 with the layer's affine parameters: batch statistics when training (the running ones are
	 * updated in place and the batch counter counts), the running statistics otherwise.
	 */
	static NDArray batchNorm(NDArray x, Map<String, NDArray> p, String prefix, boolean training) {
		NDArray out = BatchNorm.batchNorm(x, param(p, prefix + ".running_mean"), param(p, prefix + ".running_var"), param(p, prefix + ".weight"),
			param(p, prefix + ".bias"), 1, MOMENTUM, EPSILON, training).singletonOrThrow();
		if (training) countBatch(p, prefix);
		return out;
	}

	/** Adds one to {@code prefix.num_batches_tracked}, as PyTorch's BatchNorm does in each training forward. */
	static void countBatch(Map<String, NDArray> p, String prefix) {
		param(p, prefix + ".num_batches_tracked").addi(1);
	}

	static NDArray pade(NDArray x, Map<String, NDArray> p, String prefix) {
		return Pade.apply(x, param(p, prefix + "." + OssNetTensors.NUMERATOR), param(p, prefix + "." + OssNetTensors.DENOMINATOR));
	}

	/** x·Wᵀ + b over the last axis. */
	static NDArray linear(NDArray x, Map<String, NDArray> p, String prefix) {
		return Linear.linear(x, param(p, prefix + ".weight"), p.get(prefix + ".bias")).singletonOrThrow();
	}

	/** {@code next}, after closing {@code old}: for chains of operations that free as they go. */
	static NDArray then(NDArray old, NDArray next) {
		old.close();
		return next;
	}
}
