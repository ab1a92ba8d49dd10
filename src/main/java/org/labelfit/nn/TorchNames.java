package org.labelfit.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * A network's DJL parameters under the names of the PyTorch state dict it mirrors, so weights go in and out
 * by the names official checkpoints use (DJL's BatchNorm gamma/beta/runningMean/runningVar become
 * weight/bias/running_mean/running_var).
 */
public final class TorchNames {

	private final Map<String, Parameter> named = new LinkedHashMap<>();

	/** Records {@code layer}'s parameters as {@code prefix.<torch name>}. */
	public void add(String prefix, Block layer) {
		for (var p : layer.getParameters()) {
			String torch = switch (p.getKey()) {
				case "gamma" -> "weight";
				case "beta" -> "bias";
				case "runningMean" -> "running_mean";
				case "runningVar" -> "running_var";
				default -> p.getKey();
			};
			named.put(prefix + "." + torch, p.getValue());
		}
	}

	/** The parameter of that PyTorch name, or null. */
	public Parameter get(String name) {
		return named.get(name);
	}
}
