package org.labelfit.metaseg;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.labelfit.model.Tensor;

/** Maps a {@link MetaSegModel} onto LabelFit's model file (model.json + safetensors with the official key names). */
public final class MetaSegModelFile {

	public static final String METHOD = "metaseg";
	private static final Gson GSON = new GsonBuilder().create();
	/** Sane ranges for what training never sets from outside: the fitting learning rate and the focal γ. */
	private static final double MIN_LR = 1e-12, MAX_LR = 1, MAX_GAMMA = 100;

	private MetaSegModelFile() {}

	/** Saves atomically; returns false (old file untouched) when {@code cancelled} turns true before the move. */
	public static boolean save(Path file, MetaSegModel model, BooleanSupplier cancelled) {
		SirenConfig c = model.config();
		JsonObject architecture = new JsonObject();
		architecture.addProperty("config", c.name());
		architecture.addProperty("input_dims", c.inputDims());
		architecture.addProperty("width", c.width());
		architecture.addProperty("sine_layers", c.sineLayers());
		architecture.addProperty("classes", c.classes());
		architecture.addProperty("omega0", c.omega0());
		architecture.addProperty("parameters", c.parameterCount());
		JsonObject preprocessing = new JsonObject();
		preprocessing.addProperty("normalization", "min-max to [0, 1] over the whole image or volume");
		preprocessing.addProperty("grid", c.inputDims() == 2 ? "zero-pad to square, bilinear resize to size × size" : "native voxel grid");
		preprocessing.addProperty("size", model.size());
		preprocessing.addProperty("stride", model.stride());
		preprocessing.addProperty("fit_steps", model.fitSteps());
		preprocessing.addProperty("fit_lr", model.fitLr());
		preprocessing.addProperty("focal_gamma", model.gamma());
		JsonObject training = GSON.toJsonTree(model.provenance()).getAsJsonObject();
		List<ModelInfo.LabelClass> classes = new ArrayList<>();
		List<Color> colors = LabelImages.defaultColors(c.classes());
		for (int i = 0; i < c.classes(); i++) classes.add(new ModelInfo.LabelClass(i, model.classNames().get(i), LabelImages.hex(colors.get(i))));
		Map<String, Tensor> weights = new LinkedHashMap<>();
		List<String> names = c.parameterNames();
		List<long[]> shapes = c.parameterShapes();
		for (int i = 0; i < names.size(); i++) weights.put(names.get(i), new Tensor(shapes.get(i), model.weights().get(i)));
		ModelInfo info = ModelInfo.create(METHOD, architecture, classes, preprocessing, training, null);
		return ModelFile.save(file, info, weights, cancelled);
	}

	public static MetaSegModel load(Path file) {
		LoadedModel loaded = ModelFile.load(file);
		ModelFile.requireMethod(loaded, METHOD);
		try {
			return model(loaded);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(loaded.displayName() + ": " + e.getMessage(), e);
		}
	}

	/** Every number is checked against its range before it sizes anything. */
	private static MetaSegModel model(LoadedModel loaded) {
		ModelInfo info = loaded.info();
		SirenConfig c = new SirenConfig(Quoted.of(info.architectureString("config")), info.architectureInt("input_dims", 2, 3),
			info.architectureInt("width", 1, SirenConfig.MAX_WIDTH), info.architectureInt("sine_layers", 1, SirenConfig.MAX_SINE_LAYERS),
			info.architectureInt("classes", 2, SirenConfig.MAX_CLASSES),
			info.architectureDouble("omega0", SirenConfig.MIN_OMEGA0, SirenConfig.MAX_OMEGA0));
		List<long[]> shapes = c.parameterShapes();
		List<float[]> weights = new ArrayList<>();
		List<String> names = c.parameterNames();
		for (int i = 0; i < names.size(); i++) {
			Tensor t = loaded.weights().get(names.get(i));
			if (t == null) throw new LabelFitException("weight '" + names.get(i) + "' is missing");
			if (!Arrays.equals(t.shape(), shapes.get(i)))
				throw new LabelFitException("weight '" + names.get(i) + "' has shape " + Arrays.toString(t.shape()) + ", expected " +
					Arrays.toString(shapes.get(i)));
			weights.add(t.data());
		}
		loaded.requireValueCount(shapes); // nothing else in the file
		List<String> classNames = info.classes().stream().map(ModelInfo.LabelClass::name).toList();
		@SuppressWarnings("unchecked")
		Map<String, Object> provenance = GSON.fromJson(info.training(), LinkedHashMap.class);
		return new MetaSegModel(c, info.preprocessingInt("size", MetaSegModel.MIN_SIZE, MetaSegModel.MAX_SIZE),
			info.preprocessingInt("fit_steps", 1, MetaSegModel.MAX_FIT_STEPS), info.preprocessingDouble("fit_lr", MIN_LR, MAX_LR),
			info.preprocessingInt("stride", 1, MetaSegModel.MAX_STRIDE), info.preprocessingDouble("focal_gamma", 0, MAX_GAMMA),
			classNames, weights, provenance);
	}
}
