package org.labelfit.unet;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.Tensor;

/**
 * A trained U-Net: its architecture, the square grid side its 2D inputs are resized to (2D) or the x, y, z sides of
 * the patches it was trained on and labels volumes with (3D), class names (background first), every tensor by name
 * (running statistics included) and how it was trained.
 *
 * @param size  2D: the square grid side; 3D: 0
 * @param patch 3D: patch sides (x, y, z); 2D: null
 */
public record UNetModel(UNetConfig config, int size, int[] patch, List<String> classNames, Map<String, Tensor> weights,
	Map<String, Object> provenance)
{

	/** The largest square grid 2D inputs are resized to, and the largest 3D patch side. */
	public static final int MAX_SIZE = 1024, MAX_PATCH = 512;

	/** A 2D model. */
	public UNetModel(UNetConfig config, int size, List<String> classNames, Map<String, Tensor> weights, Map<String, Object> provenance) {
		this(config, size, null, classNames, weights, provenance);
	}

	public UNetModel {
		if (!config.hasOutputConv() || config.inChannels() != 1)
			throw new LabelFitException("a U-Net segmentation model has one input channel and an output conv");
		if (classNames.size() != config.classes())
			throw new LabelFitException(classNames.size() + " class names for " + config.classes() + " classes");
		if (config.dims() == 2) {
			if (patch != null) throw new LabelFitException("a 2D U-Net model has a size, not a 3D patch");
			if (size < config.divisor() || size > MAX_SIZE || size % config.divisor() != 0)
				throw new LabelFitException("size " + size + " is not a multiple of " + config.divisor() + " from " + config.divisor() +
					" to " + MAX_SIZE + " for a depth " + config.depth() + " U-Net");
		}
		else {
			if (size != 0 || patch == null || patch.length != 3) throw new LabelFitException("a 3D U-Net model has a 3D patch, not a size");
			patch = requirePatch(patch, config);
		}
		config.requireWeights(weights);
		classNames = List.copyOf(classNames);
		// the file stores tensors sorted by name; keep the network's order
		Map<String, Tensor> ordered = new LinkedHashMap<>();
		for (String name : config.tensorShapes().keySet()) ordered.put(name, weights.get(name));
		weights = Collections.unmodifiableMap(ordered);
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
	}

	@Override
	public int[] patch() {
		return patch == null ? null : patch.clone();
	}

	/** A copy of {@code patch} (x, y, z) after checking every side is a multiple of the network's divisor up to {@link #MAX_PATCH}. */
	public static int[] requirePatch(int[] patch, UNetConfig config) {
		int d = config.divisor();
		for (int p : patch)
			if (p < d || p > MAX_PATCH || p % d != 0)
				throw new LabelFitException("patch sides must be multiples of " + d + " from " + d + " to " + MAX_PATCH + " for a depth " +
					config.depth() + " U-Net, got " + patchText(patch));
		return patch.clone();
	}

	static String patchText(int[] patch) {
		return String.join("×", Arrays.stream(patch).mapToObj(String::valueOf).toList());
	}
}
