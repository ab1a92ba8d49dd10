package org.labelfit.ossnet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

/**
 * An OSS-Net ready to use: its shape (grid included, spec pitfalls), how its large patches are pooled, the name of
 * the one foreground class it segments (the published models are binary), every tensor by official name, the
 * licence of imported third-party weights (null for weights trained by LabelFit) and where the weights came from.
 */
public record OssNetModel(OssNetConfig config, Patches.Pooling largePooling, String foreground, Map<String, Tensor> weights, String licence,
	Map<String, Object> provenance)
{

	/**
	 * What is known of the released checkpoints' terms. The repository (code) is MIT; neither its README nor the spec
	 * names a licence for the checkpoints on TUdatalib (handle 2991), and that record could not be read here.
	 */
	public static final String OFFICIAL_LICENCE = "OSS-Net code: MIT (ChristophReich1996/OSS-Net LICENSE). The released checkpoints " +
		"(TUdatalib handle 2991) carry no licence in the README; none could be verified, so ask the authors before passing them on. " +
		"They were trained on BraTS 2020 or LiTS, whose data terms may apply too";

	public OssNetModel {
		if (largePooling == null) throw new LabelFitException("OSS-Net large-patch pooling missing");
		if (foreground == null || foreground.isBlank()) throw new LabelFitException("OSS-Net foreground class name missing");
		Map<String, long[]> shapes = OssNetTensors.shapes(config);
		StateDicts.require("OSS-Net", weights, shapes);
		Map<String, Tensor> ordered = new LinkedHashMap<>();
		for (String name : shapes.keySet()) ordered.put(name, weights.get(name));
		weights = Collections.unmodifiableMap(ordered);
		provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
	}

	public long parameterCount() {
		return OssNetTensors.parameterCount(config);
	}
}
