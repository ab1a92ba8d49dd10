package org.labelfit.pix2rep;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import org.labelfit.image.LabelImages;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;

/** Maps a {@link Pix2RepModel} onto LabelFit's model file: model.json with method "pix2rep", weights under the official names. */
public final class Pix2RepModelFile {

	public static final String METHOD = "pix2rep";
	private static final Gson GSON = new GsonBuilder().create();

	private Pix2RepModelFile() {}

	/** Saves atomically; returns false (old file untouched) when {@code cancelled} turns true before the move. */
	public static boolean save(Path file, Pix2RepModel model, BooleanSupplier cancelled) {
		Pix2RepConfig c = model.config();
		JsonObject architecture = new JsonObject();
		architecture.addProperty("width", c.width());
		architecture.addProperty("features", c.features());
		architecture.addProperty("classes", c.classes());
		architecture.addProperty("projection_head", model.hasProjection());
		architecture.addProperty("parameters", c.parameterCount());
		architecture.addProperty("backbone", "6-level U-Net: DoubleConv [conv3x3 no bias, BN, ReLU] x2, 5 max-pools (w..32w), " +
			"5 ConvTranspose2d(k2, s2), concat [skip, up], last DoubleConv to F features at full resolution");
		architecture.addProperty("projection", "conv1x1(F->256), BN, ReLU, conv1x1(256->256)");
		architecture.addProperty("head", "conv1x1(F->classes)");
		JsonObject preprocessing = new JsonObject();
		preprocessing.addProperty("size", model.size());
		preprocessing.addProperty("normalization", "clip to the [1, 99] percentiles of the image or volume, rescale to [0, 1]");
		Pix2RepPreprocessing pre = model.preprocessing();
		preprocessing.addProperty("interpolation", pre.interpolation().name().toLowerCase());
		if (pre.crop() != null) preprocessing.addProperty("crop", pre.crop().toString());
		preprocessing.addProperty("grid", "optional crop X,Y,W,H (pixels or % of the side) first; " + pre.interpolation().name().toLowerCase() +
			" resize to size x size (labels nearest); volumes slice by slice");
		List<ModelInfo.LabelClass> classes = new ArrayList<>();
		List<Color> colors = LabelImages.defaultColors(c.classes());
		for (int i = 0; i < c.classes(); i++) classes.add(new ModelInfo.LabelClass(i, model.classNames().get(i), LabelImages.hex(colors.get(i))));
		ModelInfo info = ModelInfo.create(METHOD, architecture, classes, preprocessing, GSON.toJsonTree(model.provenance()).getAsJsonObject(),
			null);
		return ModelFile.save(file, info, model.weights(), cancelled);
	}

	public static Pix2RepModel load(Path file) {
		return ModelFile.load(file, METHOD, loaded -> {
			ModelInfo info = loaded.info();
			Pix2RepConfig config = new Pix2RepConfig(info.architectureInt("width", 1, Pix2RepConfig.MAX_WIDTH),
				info.architectureInt("features", 1, Pix2RepConfig.MAX_FEATURES), info.architectureInt("classes", 0, Pix2RepConfig.MAX_CLASSES));
			List<String> names = info.classes().stream().map(ModelInfo.LabelClass::name).toList();
			JsonObject pre = info.preprocessing();
			// models written before the crop and interpolation options: bilinear, no crop
			Pix2RepPreprocessing preprocessing = new Pix2RepPreprocessing(info.preprocessingInt("size", 1, Pix2RepModel.MAX_SIZE),
				pre.has("interpolation") ? Pix2RepPreprocessing.Interpolation.of(pre.get("interpolation").getAsString()) : null,
				pre.has("crop") ? Pix2RepPreprocessing.Crop.parse(pre.get("crop").getAsString()) : null);
			return new Pix2RepModel(config, info.architectureBoolean("projection_head"), preprocessing, names, loaded.weights(), info.provenance());
		});
	}
}
