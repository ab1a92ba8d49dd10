package org.labelfit.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.labelfit.LabelFitException;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.ImagePairs;

/**
 * Scores predicted label files against ground truth: Dice and IoU per class, mean foreground
 * Dice and the generalised Dice with background, averaged over images (as the MetaSeg paper
 * reports) and pooled over all voxels.
 */
public final class Evaluation {

	private Evaluation() {}

	/** A prediction/truth pair: two files, or two folders/globs paired by name after removing the suffixes. */
	public static List<ImagePairs.Pair> pairs(String prediction, String truth, String predictionSuffix, String truthSuffix) {
		if (Files.isRegularFile(Path.of(prediction)) && Files.isRegularFile(Path.of(truth)))
			return List.of(new ImagePairs.Pair(ImageFiles.baseName(Path.of(prediction)), Path.of(prediction), Path.of(truth)));
		return ImagePairs.pair(prediction, truth, predictionSuffix, truthSuffix);
	}

	/** @param classes number of classes including background; 0 takes the largest label found + 1 */
	public static JsonObject evaluate(List<ImagePairs.Pair> pairs, int classes, List<String> classNames) {
		List<short[][]> predictions = new ArrayList<>(), truths = new ArrayList<>();
		int max = 0;
		for (ImagePairs.Pair p : pairs) {
			ImageData pred = ImageFiles.read(p.image());
			ImageData truth = ImageFiles.read(p.label());
			if (!java.util.Arrays.equals(pred.dims(), truth.dims()))
				throw new LabelFitException(p.key() + ": prediction and truth differ in size");
			short[][] a = pred.labelPlanes(), b = truth.labelPlanes();
			max = Math.max(max, Math.max(maxLabel(a), maxLabel(b)));
			predictions.add(a);
			truths.add(b);
		}
		int n = classes > 0 ? classes : Math.max(2, max + 1);
		if (max >= n) throw new LabelFitException("label value " + max + " found, but only " + n + " classes (0.." + (n - 1) + ") were given");
		MetricsAccumulator acc = new MetricsAccumulator(n);
		JsonArray images = new JsonArray();
		for (int i = 0; i < pairs.size(); i++) {
			SegmentationMetrics m = acc.add(flat(predictions.get(i)), flat(truths.get(i)));
			JsonObject one = new JsonObject();
			one.addProperty("name", pairs.get(i).key());
			one.addProperty("mean_foreground_dice", m.meanForegroundDice());
			one.addProperty("generalized_dice", m.generalizedDice());
			images.add(one);
		}
		List<String> names = classNames != null && classNames.size() == n ? classNames : null;
		JsonObject result = new JsonObject();
		result.add("per_image_mean", JsonParser.parseString(names == null ? acc.perImageMean().toJson() : acc.perImageMean().toJson(names)));
		result.add("pooled", JsonParser.parseString(names == null ? acc.pooled().toJson() : acc.pooled().toJson(names)));
		result.add("images", images);
		return result;
	}

	public static String pretty(JsonObject json) {
		return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json);
	}

	private static int maxLabel(short[][] planes) {
		int max = 0;
		for (short[] p : planes) for (short v : p) max = Math.max(max, v & 0xffff);
		return max;
	}

	private static short[] flat(short[][] planes) {
		short[] all = new short[planes.length * planes[0].length];
		for (int z = 0; z < planes.length; z++) System.arraycopy(planes[z], 0, all, z * planes[0].length, planes[0].length);
		return all;
	}
}
