package org.labelfit.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;

class SegmentationMetricsTest {

	static final double EPS = 1e-12;

	// Image A, 3 classes:
	//   truth 0 0 0 1 1 2
	//   pred  0 0 1 1 2 2
	// class 0: |T|=3 |P|=2 |P∩T|=2 -> Dice 4/5, IoU 2/3
	// class 1: |T|=2 |P|=2 |P∩T|=1 -> Dice 2/4, IoU 1/3
	// class 2: |T|=1 |P|=2 |P∩T|=1 -> Dice 2/3, IoU 1/2
	// mean foreground Dice (1/2 + 2/3) / 2 = 7/12
	// generalised Dice, w = 1/|T| = (1/3, 1/2, 1):
	//   numerator   2 (1/3·2 + 1/2·1 + 1·1) = 13/3
	//   denominator 1/3·5 + 1/2·4 + 1·3     = 20/3  -> 13/20
	static final int[] TRUTH_A = { 0, 0, 0, 1, 1, 2 };
	static final int[] PRED_A = { 0, 0, 1, 1, 2, 2 };

	// Image B, 3 classes, class 2 predicted but absent from the truth:
	//   truth 0 0 0 1
	//   pred  0 0 2 1
	// class 0: |T|=3 |P|=2 |P∩T|=2 -> Dice 4/5, IoU 2/3
	// class 1: |T|=1 |P|=1 |P∩T|=1 -> Dice 1, IoU 1
	// class 2: |T|=0 |P|=1          -> Dice 0, IoU 0
	// mean foreground Dice (1 + 0) / 2 = 1/2
	// generalised Dice: w_2 = 1/0 = inf; torchmetrics zeroes it, then takes the max over the batch of one: 0.
	//   numerator 2 (1/3·2 + 1·1) = 10/3, denominator 1/3·5 + 1·2 + 0·1 = 11/3 -> 10/11
	//   (MONAI's max-finite-weight rule would give w_2 = 1 and 10/14 instead.)
	static final int[] TRUTH_B = { 0, 0, 0, 1 };
	static final int[] PRED_B = { 0, 0, 2, 1 };

	@Test
	void singleImageMatchesHandComputedValues() {
		SegmentationMetrics m = SegmentationMetrics.of(PRED_A, TRUTH_A, 3);
		assertEquals(4 / 5.0, m.dice(0), EPS);
		assertEquals(1 / 2.0, m.dice(1), EPS);
		assertEquals(2 / 3.0, m.dice(2), EPS);
		assertEquals(2 / 3.0, m.iou(0), EPS);
		assertEquals(1 / 3.0, m.iou(1), EPS);
		assertEquals(1 / 2.0, m.iou(2), EPS);
		assertEquals(7 / 12.0, m.meanForegroundDice(), EPS);
		assertEquals(13 / 20.0, m.generalizedDice(), EPS);
		assertEquals(1, m.images());
	}

	@Test
	void classAbsentFromTruthGetsZeroWeightInGeneralisedDice() {
		SegmentationMetrics m = SegmentationMetrics.of(PRED_B, TRUTH_B, 3);
		assertEquals(4 / 5.0, m.dice(0), EPS);
		assertEquals(1, m.dice(1), EPS);
		assertEquals(0, m.dice(2), EPS);
		assertEquals(0, m.iou(2), EPS);
		assertEquals(1 / 2.0, m.meanForegroundDice(), EPS);
		assertEquals(10 / 11.0, m.generalizedDice(), EPS);
	}

	@Test
	void emptyClassesCountAsPerfectAndNothingIsNaN() {
		// truth 0 1, pred 0 1, class 2 in neither: Dice = IoU = 1; foreground mean over class 1 only
		SegmentationMetrics m = SegmentationMetrics.of(new int[] { 0, 1 }, new int[] { 0, 1 }, 3);
		assertEquals(1, m.dice(2));
		assertEquals(1, m.iou(2));
		assertEquals(1, m.meanForegroundDice());
		assertEquals(1, m.generalizedDice());
		// background only: no foreground class anywhere -> mean foreground Dice 1
		SegmentationMetrics bg = SegmentationMetrics.of(new int[4], new int[4], 4);
		assertEquals(1, bg.meanForegroundDice());
		assertEquals(1, bg.generalizedDice());
		// everything wrong: generalised Dice 0, no NaN
		SegmentationMetrics wrong = SegmentationMetrics.of(new int[] { 1, 1 }, new int[] { 0, 0 }, 2);
		assertEquals(0, wrong.generalizedDice());
		assertEquals(0, wrong.meanForegroundDice());
	}

	@Test
	void shortLabelsAreUnsignedAndChecked() {
		short[] truth = { 0, 0, 0, 1, 1, 2 };
		short[] pred = { 0, 0, 1, 1, 2, 2 };
		assertEquals(13 / 20.0, SegmentationMetrics.of(pred, truth, 3).generalizedDice(), EPS);
		LabelFitException e = assertThrows(LabelFitException.class,
			() -> SegmentationMetrics.of(new short[] { 0, -1 }, new short[] { 0, 0 }, 3));
		assertEquals("label 65535 at pixel 1 of the prediction is outside the classes 0..2", e.getMessage());
		e = assertThrows(LabelFitException.class, () -> SegmentationMetrics.of(new int[3], new int[2], 3));
		assertEquals("prediction and truth differ in size (3 and 2 pixels)", e.getMessage());
	}

	@Test
	void accumulatorPoolsCountsAndAveragesImages() {
		MetricsAccumulator acc = new MetricsAccumulator(3);
		acc.add(PRED_A, TRUTH_A);
		// image B given slice by slice, as a volume would be
		ConfusionMatrix volume = new ConfusionMatrix(3);
		volume.add(Arrays.copyOfRange(PRED_B, 0, 2), Arrays.copyOfRange(TRUTH_B, 0, 2));
		volume.add(Arrays.copyOfRange(PRED_B, 2, 4), Arrays.copyOfRange(TRUTH_B, 2, 4));
		acc.add(volume);
		assertThrows(LabelFitException.class, () -> acc.add(new int[] { 5 }, new int[] { 0 }));
		assertEquals(2, acc.images());

		// pooled counts: class 0 |T|=6 |P|=4 ∩=4; class 1 |T|=3 |P|=3 ∩=2; class 2 |T|=1 |P|=3 ∩=1
		ConfusionMatrix total = acc.total();
		assertEquals(10, total.total());
		assertEquals(1, total.count(0, 2)); // one background pixel of B predicted as class 2
		SegmentationMetrics pooled = acc.pooled();
		assertEquals(8 / 10.0, pooled.dice(0), EPS);
		assertEquals(4 / 6.0, pooled.dice(1), EPS);
		assertEquals(2 / 4.0, pooled.dice(2), EPS);
		// w = (1/6, 1/3, 1): numerator 2 (4/6 + 2/3 + 1) = 14/3, denominator 10/6 + 6/3 + 4 = 23/3
		assertEquals(14 / 23.0, pooled.generalizedDice(), EPS);
		assertEquals(2, pooled.images());

		SegmentationMetrics mean = acc.perImageMean();
		assertEquals((2 / 3.0 + 0) / 2, mean.dice(2), EPS);
		assertEquals((1 / 2.0 + 1) / 2, mean.dice(1), EPS);
		assertEquals((7 / 12.0 + 1 / 2.0) / 2, mean.meanForegroundDice(), EPS);
		assertEquals((13 / 20.0 + 10 / 11.0) / 2, mean.generalizedDice(), EPS);
		assertEquals(SegmentationMetrics.Averaging.PER_IMAGE, mean.averaging());
		assertThrows(LabelFitException.class, () -> new MetricsAccumulator(2).perImageMean());
	}

	@Test
	void jsonIsStableAndNamesClasses() {
		SegmentationMetrics m = SegmentationMetrics.of(PRED_B, TRUTH_B, 3);
		String json = m.toJson(List.of("background", "RV"));
		assertEquals(json, m.toJson(List.of("background", "RV")));
		JsonObject o = JsonParser.parseString(json).getAsJsonObject();
		assertEquals(List.of("classes", "mean_foreground_dice", "generalized_dice", "images", "averaging"),
			List.copyOf(o.keySet()));
		JsonObject rv = o.getAsJsonArray("classes").get(1).getAsJsonObject();
		assertEquals("RV", rv.get("name").getAsString());
		assertEquals(1.0, rv.get("dice").getAsDouble());
		assertTrue(!o.getAsJsonArray("classes").get(2).getAsJsonObject().has("name"));
		assertEquals(10 / 11.0, o.get("generalized_dice").getAsDouble(), EPS);
		assertEquals("pooled", o.get("averaging").getAsString());
		assertTrue(json.contains("\n  \"classes\": ["), json);
	}
}
