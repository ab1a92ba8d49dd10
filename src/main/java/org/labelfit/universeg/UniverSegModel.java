package org.labelfit.universeg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.Tensor;

/**
 * A UniverSeg network ready to segment: its shape, the square grid its inputs are resized to, every
 * tensor by official name, the licence of imported third-party weights (null for weights trained by
 * LabelFit) and where the weights came from (import or training run).
 */
public record UniverSegModel(UniverSegConfig config, int size, Map<String, Tensor> weights, String licence,
	Map<String, Object> provenance)
{

	/** The licence of the released UniverSeg weights, recorded in every model imported from them. */
	public static final String OFFICIAL_LICENCE = "OpenRAIL++-M (JJGO/UniverSeg LICENSE-model): use restricted to research purposes " +
		"(Attachment A); redistribution must carry the licence and its use restrictions";

	/** The largest square grid inputs are resized to. */
	public static final int MAX_SIZE = 1024;

	public UniverSegModel {
		if (size < config.divisor() || size % config.divisor() != 0 || size > MAX_SIZE)
			throw new LabelFitException("UniverSeg grid size must be a multiple of " + config.divisor() + " up to " + MAX_SIZE +
				", got " + size);
		config.requireWeights(weights);
		Map<String, Tensor> ordered = new LinkedHashMap<>();
		for (String name : config.tensorShapes().keySet()) ordered.put(name, weights.get(name));
		weights = Collections.unmodifiableMap(ordered);
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
	}
}
