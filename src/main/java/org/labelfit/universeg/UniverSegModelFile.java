package org.labelfit.universeg;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;

/** Maps a {@link UniverSegModel} onto LabelFit's model file: model.json with method "universeg", weights under the official names. */
public final class UniverSegModelFile {

	public static final String METHOD = "universeg";
	private static final Gson GSON = new GsonBuilder().create();

	private UniverSegModelFile() {}

	/** Saves atomically; returns false (old file untouched) when {@code cancelled} turns true before the move. */
	public static boolean save(Path file, UniverSegModel model, BooleanSupplier cancelled) {
		UniverSegConfig c = model.config();
		JsonObject architecture = new JsonObject();
		JsonArray blocks = new JsonArray();
		for (int width : c.encoder()) blocks.add(width);
		architecture.add("encoder_blocks", blocks);
		architecture.addProperty("version", c.equals(UniverSegConfig.v1()) ? "v1" : "custom");
		architecture.addProperty("parameters", c.parameterCount());
		architecture.addProperty("cross_conv", "3x3 over [query, support] pairs, no activation, query mean over the support");
		architecture.addProperty("activation", "LeakyReLU(0.01)");
		architecture.addProperty("upsampling", "bilinear x2, align_corners=true");
		architecture.addProperty("output", "1 logit per pixel; sigmoid, foreground where >= threshold");
		JsonObject preprocessing = new JsonObject();
		preprocessing.addProperty("size", model.size());
		preprocessing.addProperty("normalization", "min-max to [0, 1] over the whole image or volume");
		preprocessing.addProperty("grid", "zero-pad to square, bilinear resize to size x size (labels nearest); volumes slice by slice");
		preprocessing.addProperty("labels", "one binary task per label value");
		ModelInfo info = ModelInfo.create(METHOD, architecture, List.of(), preprocessing, GSON.toJsonTree(model.provenance())
			.getAsJsonObject(), model.licence());
		return ModelFile.save(file, info, model.weights(), cancelled);
	}

	public static UniverSegModel load(Path file) {
		return ModelFile.load(file, METHOD, loaded -> {
			ModelInfo info = loaded.info();
			UniverSegConfig config = new UniverSegConfig(info.architectureIntArray("encoder_blocks", UniverSegConfig.MIN_BLOCKS,
				UniverSegConfig.MAX_BLOCKS, 1, UniverSegConfig.MAX_WIDTH));
			int size = info.preprocessingInt("size", 1, UniverSegModel.MAX_SIZE);
			return new UniverSegModel(config, size, loaded.weights(), info.licence(), info.provenance());
		});
	}
}
