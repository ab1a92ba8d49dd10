package org.labelfit.unet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.Tensor;

/**
 * A trained U-Net: its architecture, the square grid side its 2D inputs are resized to, class names
 * (background first), every tensor by name (running statistics included) and how it was trained.
 */
public record UNetModel(UNetConfig config, int size, List<String> classNames, Map<String, Tensor> weights,
	Map<String, Object> provenance)
{

	/** The largest square grid 2D inputs are resized to. */
	public static final int MAX_SIZE = 1024;

	public UNetModel {
		if (!config.hasOutputConv() || config.inChannels() != 1)
			throw new LabelFitException("a U-Net segmentation model has one input channel and an output conv");
		if (classNames.size() != config.classes())
			throw new LabelFitException(classNames.size() + " class names for " + config.classes() + " classes");
		if (size < config.divisor() || size > MAX_SIZE || size % config.divisor() != 0)
			throw new LabelFitException("size " + size + " is not a multiple of " + config.divisor() + " from " + config.divisor() +
				" to " + MAX_SIZE + " for a depth " + config.depth() + " U-Net");
		config.requireWeights(weights);
		classNames = List.copyOf(classNames);
		// the file stores tensors sorted by name; keep the network's order
		Map<String, Tensor> ordered = new LinkedHashMap<>();
		for (String name : config.tensorShapes().keySet()) ordered.put(name, weights.get(name));
		weights = Collections.unmodifiableMap(ordered);
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
	}
}
