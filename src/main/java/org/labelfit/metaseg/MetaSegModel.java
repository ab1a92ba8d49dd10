package org.labelfit.metaseg;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.labelfit.LabelFitException;

/**
 * A trained MetaSeg model: the network size, the meta-learned INR initialisation θ* with the
 * retrained head, and what inference must repeat exactly: the grid size images are brought
 * to, the fit length T the head was trained with, the fitting learning rate and the 3D stride.
 *
 * @param size side of the square 2D grid (ignored in 3D, where volumes keep their size)
 * @param weights tensors in {@link SirenConfig#parameterNames()} order
 * @param provenance how the model was made (data, command, seed, steps, losses, time)
 */
public record MetaSegModel(SirenConfig config, int size, int fitSteps, double fitLr, int stride, double gamma,
	List<String> classNames, List<float[]> weights, Map<String, Object> provenance)
{

	/** What a model may ask inference to repeat: bounds well above any real use, so that a file cannot ask for hours. */
	public static final int MIN_SIZE = 8, MAX_SIZE = 1024, MAX_FIT_STEPS = 100_000, MAX_STRIDE = 64;

	public MetaSegModel {
		List<long[]> shapes = config.parameterShapes();
		if (weights.size() != shapes.size())
			throw new LabelFitException("MetaSeg model has " + weights.size() + " weight tensors, expected " + shapes.size());
		for (int i = 0; i < shapes.size(); i++) {
			if (weights.get(i).length != new Shape(shapes.get(i)).size())
				throw new LabelFitException("MetaSeg weight '" + config.parameterNames().get(i) + "' has " + weights.get(i).length +
					" values, expected shape " + new Shape(shapes.get(i)));
		}
		if (classNames.size() != config.classes())
			throw new LabelFitException("MetaSeg model names " + classNames.size() + " classes but has " + config.classes());
		if (fitSteps < 1) throw new LabelFitException("MetaSeg model has fit steps " + fitSteps);
	}

	/** The weights as arrays of {@code manager}. */
	NDList parameters(NDManager manager) {
		List<long[]> shapes = config.parameterShapes();
		NDList list = new NDList(shapes.size());
		for (int i = 0; i < shapes.size(); i++) list.add(manager.create(weights.get(i), new Shape(shapes.get(i))));
		return list;
	}

	static List<float[]> toArrays(NDList params) {
		return params.stream().map(NDArray::toFloatArray).toList();
	}
}
