package org.labelfit.universeg;

import java.nio.file.Path;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.model.StateDictFile;
import org.labelfit.model.Tensor;

/** Reads a UniverSeg state dict saved as safetensors or NumPy .npz, keyed by the official names. */
public final class UniverSegWeights {

	private UniverSegWeights() {}

	/** The tensors of {@code file} by name, checked against {@code config}: a missing, extra or misshapen tensor is named. */
	public static Map<String, Tensor> read(Path file, UniverSegConfig config) {
		Map<String, Tensor> weights = StateDictFile.read(file, "universeg_v1.npz");
		try {
			config.requireWeights(weights);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(file.getFileName() + ": " + e.getMessage() + "; is this a UniverSeg " + config + " state dict?", e);
		}
		return weights;
	}
}
