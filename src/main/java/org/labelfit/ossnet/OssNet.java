package org.labelfit.ossnet;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.io.OutputFiles;
import org.labelfit.model.StateDictFile;
import org.labelfit.model.Tensor;

/** The OSS-Net operations the commands call; each writes exactly the path given. */
public final class OssNet {

	private OssNet() {}

	/**
	 * Reads an official state dict and saves it as a model at {@code out}: the variant, channels and encoder depth
	 * follow from the keys, the grid from {@code grid} or, when null, from the preset the latent width matches.
	 * {@code channels}, when not null, must be the weights' own. The output is checked before anything is read.
	 */
	public static OssNetModel importWeights(Path weights, Path out, OssNetConfig.Grid grid, Integer channels, boolean overwrite, String command) {
		OutputFiles.requireWritable(out, overwrite);
		Map<String, Tensor> tensors = withoutDataParallelPrefix(StateDictFile.read(weights, "oss_net.npz"));
		OssNetConfig config;
		try {
			config = OssNetTensors.configOf(tensors, grid);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(weights.getFileName() + ": " + e.getMessage() + "; is this an official OSS-Net state dict?", e);
		}
		if (channels != null && channels != config.channels())
			throw new LabelFitException(weights.getFileName() + ": the network takes " + config.channels() + " image channel" +
				(config.channels() == 1 ? "" : "s") + ", not " + channels);
		OssNetPreset preset = OssNetPreset.matching(config.channels(), config.blocks(), config.latentFeatures());
		Map<String, Object> provenance = StateDictFile.importProvenance(weights, "imported state dict (official OSS-Net names, " +
			config.variant().official() + ")", command);
		// the official weights were trained with average-pooled large patches (spec pitfalls)
		OssNetModel model = new OssNetModel(config, Patches.Pooling.AVERAGE, preset == null ? "foreground" : preset.foreground(), tensors,
			OssNetModel.OFFICIAL_LICENCE, provenance);
		OssNetModelFile.save(out, model, () -> false);
		return model;
	}

	/**
	 * The official training wraps the model in DataParallel; a state dict saved from the wrapper has every key under
	 * {@code module.}. Such a dict is read as the model's own (only when every key has the prefix).
	 */
	static Map<String, Tensor> withoutDataParallelPrefix(Map<String, Tensor> tensors) {
		String prefix = "module.";
		if (tensors.isEmpty() || !tensors.keySet().stream().allMatch(k -> k.startsWith(prefix))) return tensors;
		Map<String, Tensor> out = new LinkedHashMap<>();
		tensors.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
		return out;
	}
}
