package org.labelfit.metaseg;

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
import org.labelfit.image.LabelImages;
import org.labelfit.model.LoadedModel;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;
import org.labelfit.model.Tensor;

/** Maps a {@link MetaSegModel} onto LabelFit's model file (model.json + safetensors with the official key names). */
public final class MetaSegModelFile {

	public static final String METHOD = "metaseg";
	private static final Gson GSON = new GsonBuilder().create();

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
		for (int i = 0; i < c.classes(); i++) classes.add(new ModelInfo.LabelClass(i, model.classNames().get(i), hex(colors.get(i))));
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
		ModelInfo info = loaded.info();
		SirenConfig c = new SirenConfig(info.architectureString("config"), info.architectureInt("input_dims"),
			info.architectureInt("width"), info.architectureInt("sine_layers"), info.architectureInt("classes"),
			info.architectureDouble("omega0"));
		List<float[]> weights = new ArrayList<>();
		List<long[]> shapes = c.parameterShapes();
		List<String> names = c.parameterNames();
		for (int i = 0; i < names.size(); i++) {
			Tensor t = loaded.weights().get(names.get(i));
			if (t == null) throw new LabelFitException(file.getFileName() + ": weight '" + names.get(i) + "' is missing");
			if (!java.util.Arrays.equals(t.shape(), shapes.get(i)))
				throw new LabelFitException(file.getFileName() + ": weight '" + names.get(i) + "' has shape " +
					java.util.Arrays.toString(t.shape()) + ", expected " + java.util.Arrays.toString(shapes.get(i)));
			weights.add(t.data());
		}
		List<String> classNames = info.classes().stream().map(ModelInfo.LabelClass::name).toList();
		@SuppressWarnings("unchecked")
		Map<String, Object> provenance = GSON.fromJson(info.training(), LinkedHashMap.class);
		return new MetaSegModel(c, info.preprocessingInt("size"), info.preprocessingInt("fit_steps"),
			info.preprocessingDouble("fit_lr"), info.preprocessingInt("stride"), info.preprocessingDouble("focal_gamma"),
			classNames, weights, provenance);
	}

	private static String hex(Color c) {
		return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
	}
}
