package org.labelfit.unet;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;
import org.labelfit.image.LabelImages;
import org.labelfit.model.LoadedModel;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;

/**
 * Maps a {@link UNetModel} onto LabelFit's model file: model.json with method "unet", and the
 * weights under the Buda et al. state-dict names, BatchNorm running statistics included.
 */
public final class UNetModelFile {

	public static final String METHOD = "unet";
	private static final Gson GSON = new GsonBuilder().create();

	private UNetModelFile() {}

	/** Saves atomically; returns false (old file untouched) when {@code cancelled} turns true before the move. */
	public static boolean save(Path file, UNetModel model, BooleanSupplier cancelled) {
		UNetConfig c = model.config();
		JsonObject architecture = new JsonObject();
		architecture.addProperty("in_channels", c.inChannels());
		architecture.addProperty("classes", c.classes());
		architecture.addProperty("depth", c.depth());
		architecture.addProperty("features", c.features());
		architecture.addProperty("conv_bias", c.convBias());
		architecture.addProperty("concat", c.skipFirst() ? "skip,up" : "up,skip");
		architecture.addProperty("dims", c.dims());
		architecture.addProperty("parameters", c.parameterCount());
		JsonObject preprocessing = new JsonObject();
		if (c.dims() == 2) {
			preprocessing.addProperty("normalization", "min-max to [0, 1] over the whole image or volume");
			preprocessing.addProperty("grid", "zero-pad to square, bilinear resize to size × size; volumes slice by slice");
			preprocessing.addProperty("size", model.size());
		}
		else {
			architecture.add("patch", GSON.toJsonTree(model.patch()));
			preprocessing.addProperty("normalization", "z-score over the whole volume (unbiased standard deviation)");
			preprocessing.addProperty("grid", "the input grid: sliding windows of the patch (x, y, z), half-patch steps, mean probabilities");
		}
		JsonObject training = GSON.toJsonTree(model.provenance()).getAsJsonObject();
		List<ModelInfo.LabelClass> classes = new ArrayList<>();
		List<Color> colors = LabelImages.defaultColors(c.classes());
		for (int i = 0; i < c.classes(); i++) classes.add(new ModelInfo.LabelClass(i, model.classNames().get(i), LabelImages.hex(colors.get(i))));
		ModelInfo info = ModelInfo.create(METHOD, architecture, classes, preprocessing, training, null);
		return ModelFile.save(file, info, model.weights(), cancelled);
	}

	public static UNetModel load(Path file) {
		LoadedModel loaded = ModelFile.load(file);
		ModelFile.requireMethod(loaded, METHOD);
		ModelInfo info = loaded.info();
		String concat = info.architectureString("concat");
		if (!concat.equals("up,skip") && !concat.equals("skip,up"))
			throw new LabelFitException(loaded.displayName() + ": architecture.concat must be 'up,skip' or 'skip,up', not '" +
				Quoted.of(concat) + "'");
		List<String> classNames = info.classes().stream().map(ModelInfo.LabelClass::name).toList();
		@SuppressWarnings("unchecked")
		Map<String, Object> provenance = GSON.fromJson(info.training(), LinkedHashMap.class);
		try {
			// every number is checked against its range before it sizes anything
			int depth = info.architectureInt("depth", 1, UNetConfig.MAX_DEPTH);
			// files from before 3D U-Nets have no dims: 2D
			int dims = info.hasArchitecture("dims") ? info.architectureInt("dims", 2, 3) : 2;
			UNetConfig c = new UNetConfig(info.architectureInt("in_channels", 1, UNetConfig.MAX_CHANNELS),
				info.architectureInt("classes", 1, UNetConfig.MAX_CLASSES), depth,
				info.architectureInt("features", 1, UNetConfig.maxFeatures(depth)), info.architectureBoolean("conv_bias"),
				concat.equals("skip,up"), dims);
			if (dims == 3)
				return new UNetModel(c, 0, info.architectureIntArray("patch", 3, 3, 1, UNetModel.MAX_PATCH), classNames, loaded.weights(),
					provenance);
			return new UNetModel(c, info.preprocessingInt("size", 1, UNetModel.MAX_SIZE), classNames, loaded.weights(), provenance);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(loaded.displayName() + ": " + e.getMessage(), e);
		}
	}
}
