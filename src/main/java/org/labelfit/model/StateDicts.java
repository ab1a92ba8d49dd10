package org.labelfit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/** What every imported method checks of a PyTorch state dict: its exact keys and shapes, and its parameter count. */
public final class StateDicts {

	private StateDicts() {}

	/** BatchNorm state that is not learnt: running statistics and the batch counter. */
	public static boolean isStatistic(String name) {
		return name.endsWith(".running_mean") || name.endsWith(".running_var") || name.endsWith(".num_batches_tracked");
	}

	/** Trainable parameters of a set of shapes (statistics excluded), as PyTorch's {@code numel} sum over {@code parameters()}. */
	public static long parameterCount(Map<String, long[]> shapes) {
		List<long[]> trainable = new ArrayList<>();
		for (Map.Entry<String, long[]> e : shapes.entrySet())
			if (!isStatistic(e.getKey())) trainable.add(e.getValue());
		return Tensor.elementCount(trainable);
	}

	/**
	 * Fails, naming the first offending key ("{@code method} weight 'k' is missing", "… has shape [..], expected [..]",
	 * "unexpected {@code method} weight 'k'"), unless {@code weights} holds exactly {@code shapes}.
	 */
	public static void require(String method, Map<String, Tensor> weights, Map<String, long[]> shapes) {
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			Tensor t = weights.get(e.getKey());
			if (t == null) throw new LabelFitException(method + " weight '" + e.getKey() + "' is missing");
			if (!Arrays.equals(t.shape(), e.getValue()))
				throw new LabelFitException(method + " weight '" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + ", expected " +
					Arrays.toString(e.getValue()));
		}
		for (String name : weights.keySet())
			if (!shapes.containsKey(name)) throw new LabelFitException("unexpected " + method + " weight '" + Quoted.of(name) + "'");
	}

	/** Dimension {@code axis} of tensor {@code name}, which must exist and lie in [1, max]; the error names the tensor. */
	public static long dimension(String method, Map<String, Tensor> weights, String name, int axis, long max) {
		Tensor t = weights.get(name);
		if (t == null) throw new LabelFitException(method + " weight '" + name + "' is missing");
		if (t.rank() <= axis || t.shape()[axis] < 1 || t.shape()[axis] > max)
			throw new LabelFitException(method + " weight '" + name + "' has shape " + Arrays.toString(t.shape()) + "; its dimension " + axis +
				" must be between 1 and " + max);
		return t.shape()[axis];
	}
}
