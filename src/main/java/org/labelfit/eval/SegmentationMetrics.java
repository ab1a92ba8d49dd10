package org.labelfit.eval;

import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.labelfit.LabelFitException;

/**
 * Overlap metrics of a label prediction against the truth, classes 0..C-1 with 0 the background. All values are
 * NaN-free:
 * <ul>
 * <li>Dice_c = 2|P_c ∩ T_c| / (|P_c| + |T_c|) and IoU_c = |P_c ∩ T_c| / |P_c ∪ T_c|, both 1 when the class is in
 * neither prediction nor truth (nothing to find, nothing wrongly found).</li>
 * <li>Mean foreground Dice: the mean of Dice_c over the classes 1..C-1 present in the truth or the prediction; 1 when
 * there are none.</li>
 * <li>Generalised Dice, as MetaSeg reports it: torchmetrics
 * {@code generalized_dice_score(include_background=True, weight_type='simple')} on one-hot labels, for one image
 * (a batch of one): w_c = 1/|T_c|, GD = 2 Σ_c w_c |P_c ∩ T_c| / Σ_c w_c (|P_c| + |T_c|), over all classes including
 * the background. For a class absent from the truth torchmetrics zeroes the infinite weight and then replaces it by
 * the maximum of that class's weights over the batch dimension, which for a single image is that zero: such a class
 * counts for nothing, so its false positives are not penalised. (MONAI instead uses the image's largest finite
 * weight; this is not that.) A zero denominator gives 0, like torchmetrics' {@code _safe_divide}. Computed in double
 * precision, torchmetrics in float32: expect agreement to about 1e-6.</li>
 * </ul>
 * Metrics of a single image or pooled counts come from {@link #of(ConfusionMatrix)}; the mean over images, as
 * MetaSeg averages generalised Dice over test images, from {@link MetricsAccumulator#perImageMean()}.
 */
public final class SegmentationMetrics {

	/** How the values were obtained: from one image's or summed counts, or as the mean of per-image values. */
	public enum Averaging {
		POOLED, PER_IMAGE
	}

	private final double[] dice;
	private final double[] iou;
	private final double meanForegroundDice;
	private final double generalizedDice;
	private final int images;
	private final Averaging averaging;

	SegmentationMetrics(double[] dice, double[] iou, double meanForegroundDice, double generalizedDice, int images,
		Averaging averaging)
	{
		this.dice = dice;
		this.iou = iou;
		this.meanForegroundDice = meanForegroundDice;
		this.generalizedDice = generalizedDice;
		this.images = images;
		this.averaging = averaging;
	}

	public static SegmentationMetrics of(int[] prediction, int[] truth, int numClasses) {
		return of(ConfusionMatrix.of(prediction, truth, numClasses));
	}

	public static SegmentationMetrics of(short[] prediction, short[] truth, int numClasses) {
		return of(ConfusionMatrix.of(prediction, truth, numClasses));
	}

	/** Metrics of these counts taken as one image (or volume). */
	public static SegmentationMetrics of(ConfusionMatrix m) {
		return of(m, 1);
	}

	static SegmentationMetrics of(ConfusionMatrix m, int images) {
		int c = m.numClasses();
		double[] dice = new double[c];
		double[] iou = new double[c];
		for (int k = 0; k < c; k++) {
			dice[k] = dice(m, k);
			iou[k] = iou(m, k);
		}
		return new SegmentationMetrics(dice, iou, meanForegroundDice(m), generalizedDice(m), images,
			Averaging.POOLED);
	}

	/** The mean of each value over images. */
	static SegmentationMetrics mean(List<SegmentationMetrics> perImage) {
		if (perImage.isEmpty())
			throw new LabelFitException("no images were evaluated");
		int c = perImage.get(0).numClasses();
		double[] dice = new double[c];
		double[] iou = new double[c];
		double fg = 0, gd = 0;
		for (SegmentationMetrics s : perImage) {
			for (int k = 0; k < c; k++) {
				dice[k] += s.dice[k];
				iou[k] += s.iou[k];
			}
			fg += s.meanForegroundDice;
			gd += s.generalizedDice;
		}
		int n = perImage.size();
		for (int k = 0; k < c; k++) {
			dice[k] /= n;
			iou[k] /= n;
		}
		return new SegmentationMetrics(dice, iou, fg / n, gd / n, n, Averaging.PER_IMAGE);
	}

	public static double dice(ConfusionMatrix m, int c) {
		long sum = m.predictedCount(c) + m.truthCount(c);
		return sum == 0 ? 1 : 2.0 * m.intersection(c) / sum;
	}

	public static double iou(ConfusionMatrix m, int c) {
		long union = m.predictedCount(c) + m.truthCount(c) - m.intersection(c);
		return union == 0 ? 1 : (double) m.intersection(c) / union;
	}

	public static double meanForegroundDice(ConfusionMatrix m) {
		double sum = 0;
		int present = 0;
		for (int c = 1; c < m.numClasses(); c++) {
			if (m.predictedCount(c) + m.truthCount(c) > 0) {
				sum += dice(m, c);
				present++;
			}
		}
		return present == 0 ? 1 : sum / present;
	}

	/** Generalised Dice with background and weights 1/|T_c|, as torchmetrics computes it for one image. */
	public static double generalizedDice(ConfusionMatrix m) {
		double numerator = 0, denominator = 0;
		for (int c = 0; c < m.numClasses(); c++) {
			long truth = m.truthCount(c);
			if (truth == 0)
				continue; // weight 0, see the class comment
			double w = 1.0 / truth;
			numerator += 2 * w * m.intersection(c);
			denominator += w * (m.predictedCount(c) + truth);
		}
		return denominator == 0 ? 0 : numerator / denominator;
	}

	public int numClasses() {
		return dice.length;
	}

	public double dice(int c) {
		return dice[c];
	}

	public double iou(int c) {
		return iou[c];
	}

	public double meanForegroundDice() {
		return meanForegroundDice;
	}

	public double generalizedDice() {
		return generalizedDice;
	}

	/** Number of images (or volumes) the values come from. */
	public int images() {
		return images;
	}

	public Averaging averaging() {
		return averaging;
	}

	public String toJson() {
		return toJson(null);
	}

	/**
	 * Pretty JSON with a fixed key order:
	 * {"classes":[{"index","name","dice","iou"}...],"mean_foreground_dice","generalized_dice","images","averaging"}.
	 *
	 * @param classNames names by class index; null, short lists and null entries leave names out
	 */
	public String toJson(List<String> classNames) {
		JsonObject o = new JsonObject();
		JsonArray classes = new JsonArray();
		for (int c = 0; c < dice.length; c++) {
			JsonObject j = new JsonObject();
			j.addProperty("index", c);
			if (classNames != null && c < classNames.size() && classNames.get(c) != null)
				j.addProperty("name", classNames.get(c));
			j.addProperty("dice", dice[c]);
			j.addProperty("iou", iou[c]);
			classes.add(j);
		}
		o.add("classes", classes);
		o.addProperty("mean_foreground_dice", meanForegroundDice);
		o.addProperty("generalized_dice", generalizedDice);
		o.addProperty("images", images);
		o.addProperty("averaging", averaging == Averaging.POOLED ? "pooled" : "per_image");
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
	}
}
