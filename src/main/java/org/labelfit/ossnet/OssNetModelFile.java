package org.labelfit.ossnet;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.labelfit.LabelFitException;
import org.labelfit.image.LabelImages;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;

/** Maps an {@link OssNetModel} onto LabelFit's model file: model.json with method "ossnet", weights under the official names. */
public final class OssNetModelFile {

	public static final String METHOD = "ossnet";
	private static final Gson GSON = new GsonBuilder().create();

	private OssNetModelFile() {}

	/** Saves atomically; returns false (old file untouched) when {@code cancelled} turns true before the move. */
	public static boolean save(Path file, OssNetModel model, BooleanSupplier cancelled) {
		OssNetConfig c = model.config();
		JsonObject architecture = new JsonObject();
		architecture.addProperty("variant", c.variant().id());
		architecture.addProperty("official_config", c.variant().official());
		architecture.addProperty("channels", c.channels());
		architecture.addProperty("encoder_blocks", c.blocks());
		JsonArray grid = new JsonArray();
		for (int side : c.grid().toArray()) grid.add(side);
		architecture.add("grid", grid);
		architecture.addProperty("latent", c.variant().latentChannels() + " x " + c.latentFeatures() + " (latent grid " + c.latentGrid() + ")");
		architecture.addProperty("parameters", model.parameterCount());
		architecture.addProperty("large_patch_pooling", model.largePooling().id());
		architecture.addProperty("encoder", (c.variant().skipEncoder() ? "ConvolutionalEncoderSkip" : "ConvolutionalEncoder") +
			": residual 3D blocks (conv3 BN PAU avgpool2 conv3 BN + avgpool2 residual, PAU)");
		architecture.addProperty("decoder", "5 residual CBN blocks of 512 (scalar batch statistics), input [coordinate, " +
			(c.variant().localPatches() ? "patch feature, " : "") + "latent channel 0], Linear(512->1, no bias), sigmoid");
		architecture.addProperty("activation", "Pade (5,4) safe rational, 10 coefficients per instance");
		JsonObject preprocessing = new JsonObject();
		preprocessing.addProperty("normalization", "z-score per channel over the whole volume, before padding");
		preprocessing.addProperty("padding", "zeros, centred, to the grid (resampled when larger)");
		preprocessing.addProperty("encoder_input", "trilinear x0.5 of the padded volume (align_corners=false)");
		preprocessing.addProperty("coordinates", "integer voxel indices of the padded grid, not normalised");
		List<Color> colors = LabelImages.defaultColors(2);
		List<ModelInfo.LabelClass> classes = List.of(new ModelInfo.LabelClass(0, "background", LabelImages.hex(colors.get(0))),
			new ModelInfo.LabelClass(1, model.foreground(), LabelImages.hex(colors.get(1))));
		ModelInfo info = ModelInfo.create(METHOD, architecture, classes, preprocessing, GSON.toJsonTree(model.provenance()).getAsJsonObject(),
			model.licence());
		return ModelFile.save(file, info, model.weights(), cancelled);
	}

	public static OssNetModel load(Path file) {
		return ModelFile.load(file, METHOD, loaded -> {
			ModelInfo info = loaded.info();
			int[] g = info.architectureIntArray("grid", 3, 3, 1, OssNetConfig.MAX_GRID);
			OssNetConfig config = new OssNetConfig(OssNetVariant.of(info.architectureString("variant")),
				info.architectureInt("channels", 1, OssNetConfig.MAX_CHANNELS), info.architectureInt("encoder_blocks", 1, OssNetConfig.MAX_BLOCKS),
				new OssNetConfig.Grid(g[0], g[1], g[2]));
			String foreground = info.classes().stream().filter(k -> k.index() == 1).map(ModelInfo.LabelClass::name).findFirst()
				.orElseThrow(() -> new LabelFitException("model.json has no class 1 (the OSS-Net foreground)"));
			return new OssNetModel(config, Patches.Pooling.of(info.architectureString("large_patch_pooling")), foreground, loaded.weights(),
				info.licence(), info.provenance());
		});
	}
}
