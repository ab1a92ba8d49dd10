package org.labelfit.pix2rep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.labelfit.LabelFitException;
import org.labelfit.model.Tensor;

/**
 * A Pix2Rep network with its weights under the official names: the backbone, the projection head when the model
 * was pretrained by LabelFit (so pretraining can go on), the downstream head when it has classes; the square grid
 * its inputs are resized to (with the crop and interpolation), the class names, and where the weights came from.
 */
public record Pix2RepModel(Pix2RepConfig config, boolean hasProjection, Pix2RepPreprocessing preprocessing, List<String> classNames,
	Map<String, Tensor> weights, Map<String, Object> provenance)
{

	/** The largest grid side inputs are resized to. */
	public static final int MAX_SIZE = 1024;

	public Pix2RepModel {
		if (preprocessing == null) throw new LabelFitException("Pix2Rep model without preprocessing");
		if (classNames.size() != config.classes())
			throw new LabelFitException("Pix2Rep model with " + config.classes() + " classes has " + classNames.size() + " class names");
		Map<String, long[]> shapes = shapes(config, hasProjection);
		Pix2RepConfig.require(weights, shapes);
		Map<String, Tensor> ordered = new LinkedHashMap<>();
		for (String name : shapes.keySet()) ordered.put(name, weights.get(name));
		weights = Collections.unmodifiableMap(ordered);
		classNames = List.copyOf(classNames);
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
	}

	/** The square grid side inputs are resized to. */
	public int size() {
		return preprocessing.size();
	}

	/** The tensors such a model holds: backbone, then projection head if any, then downstream head if any. */
	static Map<String, long[]> shapes(Pix2RepConfig config, boolean withProjection) {
		Map<String, long[]> s = new LinkedHashMap<>(config.backboneShapes());
		if (withProjection) s.putAll(config.projectionShapes());
		s.putAll(config.headShapes());
		return s;
	}

	/** Default class names: background, then class 1, 2, … */
	static List<String> defaultClassNames(int classes) {
		return IntStream.range(0, classes).mapToObj(i -> i == 0 ? "background" : "class " + i).toList();
	}
}
