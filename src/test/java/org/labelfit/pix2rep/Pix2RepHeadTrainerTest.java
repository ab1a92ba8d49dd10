package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.model.Tensor;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

public class Pix2RepHeadTrainerTest {

	static final int SIZE = Pix2RepPretrainerTest.SIZE;

	/** A randomly initialised "pretrained" model (projection head included, as pretraining writes it). */
	public static Pix2RepModel randomModel(int width, int features, long seed) {
		Engines.seed(seed);
		Pix2RepNet net = new Pix2RepNet(new Pix2RepConfig(width, features, 0));
		Map<String, Tensor> weights;
		try (NDManager m = Engines.newManager(Device.cpu())) {
			net.initialize(m);
			weights = net.export(true);
		}
		return new Pix2RepModel(net.config(), true, Pix2RepPreprocessing.of(SIZE), List.of(), weights, Map.of("source", "random"));
	}

	/** The synthetic slices with the disc and square as class 1 and 2, background 0. */
	static List<Pix2RepHeadTrainer.Slice> labelled(int n, long seed) {
		List<Pix2RepHeadTrainer.Slice> out = new ArrayList<>();
		for (float[] s : Pix2RepPretrainerTest.syntheticSlices(n, seed)) {
			short[] labels = new short[s.length];
			for (int i = 0; i < s.length; i++) labels[i] = (short) (s[i] == 0.9f ? 1 : s[i] == 0.55f ? 2 : 0);
			out.add(new Pix2RepHeadTrainer.Slice(s, labels));
		}
		return out;
	}

	static Pix2RepHeadTrainer.Request request(Pix2RepHeadTrainer.Mode mode, int epochs, double headRate) {
		return new Pix2RepHeadTrainer.Request("pretrained", "synthetic", "synthetic", null, null, mode, false, 4, 8, SIZE, epochs, 4, 0, null, null,
			headRate, 0, null, 3, "cpu", "test");
	}

	static Pix2RepModel train(Pix2RepHeadTrainer.Request r, Pix2RepModel pretrained, List<Pix2RepHeadTrainer.Slice> slices, int classes) {
		return train(r, pretrained, slices, List.of(), classes);
	}

	static Pix2RepModel train(Pix2RepHeadTrainer.Request r, Pix2RepModel pretrained, List<Pix2RepHeadTrainer.Slice> slices, List<float[]> unlabelled,
		int classes)
	{
		return Pix2RepHeadTrainer.train(r, pretrained, Pix2RepPreprocessing.of(SIZE), slices, unlabelled, classes, Pix2RepModel.defaultClassNames(classes),
			new java.util.LinkedHashMap<>(), Device.cpu(), Progress.NONE, new LossHistory(), m -> {}, null);
	}

	@Test
	void diceMatchesAHandComputationAndIgnoresUnlabelledPixels() {
		// one sample, 2 classes, 4 pixels; pixel 3 unlabelled
		float[] logits = { 1, 0, 2, -1, 0, 1, 0, 3 };
		int[] labels = { 0, 1, 0, -1 };
		double expected = 0;
		for (int c = 0; c < 2; c++) {
			double inter = 0, sp = 0, sg = 0;
			for (int i = 0; i < 3; i++) {
				double p = Math.exp(logits[c * 4 + i]) / (Math.exp(logits[i]) + Math.exp(logits[4 + i]));
				double g = labels[i] == c ? 1 : 0;
				inter += p * g;
				sp += p;
				sg += g;
			}
			expected += 1 - (2 * inter + 1e-5) / (sp + sg + 1e-5);
		}
		expected /= 2;
		float[] oneHot = new float[8], mask = new float[4];
		for (int i = 0; i < 4; i++)
			if (labels[i] >= 0) {
				mask[i] = 1;
				oneHot[labels[i] * 4 + i] = 1;
			}
		float[][] grads = new float[2][];
		double[] values = new double[2];
		try (NDManager m = Engines.newManager(Device.cpu())) {
			for (int run = 0; run < 2; run++) {
				float[] l = logits.clone();
				if (run == 1) { // the unlabelled pixel's logits changed: nothing else may change
					l[3] = 7;
					l[7] = -5;
				}
				NDArray x = m.create(l, new Shape(1, 2, 2, 2));
				x.setRequiresGradient(true);
				try (Autograd rec = Autograd.record()) {
					NDArray loss = Pix2RepLoss.softDice(x, m.create(oneHot, new Shape(1, 2, 2, 2)), m.create(mask, new Shape(1, 1, 2, 2)));
					Autograd.backward(loss);
					values[run] = loss.getFloat();
				}
				grads[run] = x.getGradient().toFloatArray();
			}
		}
		assertEquals(expected, values[0], 1e-6);
		assertEquals(values[0], values[1], 1e-7);
		assertArrayEquals(grads[0], grads[1], 1e-7f);
		assertEquals(0, grads[0][3]);
		assertEquals(0, grads[0][7]);
		assertTrue(Math.abs(grads[0][0]) > 1e-4);
	}

	@Test
	void theProbeChangesOnlyTheHeadAndLearnsTheTask() {
		Pix2RepModel pretrained = randomModel(4, 8, 1);
		Pix2RepModel model = train(request(Pix2RepHeadTrainer.Mode.PROBE, 20, 0.05), pretrained, labelled(12, 2), 3);
		for (String name : pretrained.config().backboneShapes().keySet())
			assertArrayEquals(pretrained.weights().get(name).data(), model.weights().get(name).data(), 0f, name);
		assertFalse(model.hasProjection());
		assertEquals(3, model.config().classes());
		List<Double> losses = castList(model.provenance().get("epoch_losses"));
		assertTrue(losses.get(losses.size() - 1) < losses.get(0) - 0.05, "probe losses " + losses);
		assertEquals("probe", model.provenance().get("mode"));
	}

	@Test
	void fineTuningChangesTheBackbone() {
		Pix2RepModel pretrained = randomModel(4, 8, 1);
		Pix2RepModel model = train(request(Pix2RepHeadTrainer.Mode.FINETUNE, 5, 0), pretrained, labelled(12, 2), 3);
		String conv = "inc.double_conv.0.weight", stat = "up5.conv.double_conv.4.running_mean";
		assertFalse(java.util.Arrays.equals(pretrained.weights().get(conv).data(), model.weights().get(conv).data()));
		assertFalse(java.util.Arrays.equals(pretrained.weights().get(stat).data(), model.weights().get(stat).data()));
		assertEquals(Pix2RepHeadTrainer.BACKBONE_LEARNING_RATE, model.provenance().get("backbone_learning_rate"));
	}

	@Test
	void fineTuningStopsSevenValidationsAfterTheBestOnAnUnlearnableTask() {
		// labels are noise: what the training slices teach does not hold on the held-out slice
		Random r = new Random(4);
		List<Pix2RepHeadTrainer.Slice> noise = new ArrayList<>();
		for (Pix2RepHeadTrainer.Slice s : labelled(10, 5)) {
			short[] l = new short[s.labels().length];
			for (int i = 0; i < l.length; i++) l[i] = (short) r.nextInt(2);
			noise.add(new Pix2RepHeadTrainer.Slice(s.image(), l));
		}
		Pix2RepModel model = train(request(Pix2RepHeadTrainer.Mode.FINETUNE, 300, 0.05), randomModel(2, 8, 1), noise, 2);
		int run = ((Number) model.provenance().get("epochs_run")).intValue(), best = ((Number) model.provenance().get("best_epoch")).intValue();
		assertTrue(run < 300, "no early stop");
		assertEquals((Pix2RepHeadTrainer.PATIENCE + 1) * Pix2RepHeadTrainer.VALIDATE_EVERY, run - best);
	}

	@Test
	void intensityAugmentationReachesTheTrainingBatchesAndIsOnByDefaultOnlyWhenTheBackboneTrains() {
		Pix2RepModel pretrained = randomModel(4, 8, 1);
		List<Pix2RepHeadTrainer.Slice> slices = labelled(12, 2);
		for (Pix2RepHeadTrainer.Mode mode : Pix2RepHeadTrainer.Mode.values()) {
			Pix2RepHeadTrainer.Request auto = request(mode, 5, 0);
			assertEquals(mode == Pix2RepHeadTrainer.Mode.FINETUNE, auto.augments(), mode.toString());
			Pix2RepModel on = train(withAugmentation(auto, true), pretrained, slices, 3), off = train(withAugmentation(auto, false), pretrained, slices, 3);
			// same seed, same batches: only the augmented inputs can make the heads differ
			String head = "outc.conv.weight";
			assertFalse(java.util.Arrays.equals(on.weights().get(head).data(), off.weights().get(head).data()), mode.toString());
			assertEquals("none", off.provenance().get("intensity_augmentation"));
			assertTrue(((String) on.provenance().get("intensity_augmentation")).startsWith("the pretraining's intensity pipeline"));
			// a rerun draws the same augmentations
			assertArrayEquals(on.weights().get(head).data(), train(withAugmentation(auto, true), pretrained, slices, 3).weights().get(head).data(), 0f);
		}
		assertEquals(null, Pix2RepHeadTrainer.Request.intensityAugmentation("auto"));
		assertEquals(true, Pix2RepHeadTrainer.Request.intensityAugmentation("ON"));
		assertEquals(false, Pix2RepHeadTrainer.Request.intensityAugmentation("off"));
		assertEquals("intensity augmentation must be auto, on or off, got 'yes'", org.junit.jupiter.api.Assertions.assertThrows(
			org.labelfit.LabelFitException.class, () -> Pix2RepHeadTrainer.Request.intensityAugmentation("yes")).getMessage());
	}

	private static Pix2RepHeadTrainer.Request withAugmentation(Pix2RepHeadTrainer.Request r, boolean on) {
		return new Pix2RepHeadTrainer.Request(r.pretrained(), r.images(), r.labels(), null, null, r.mode(), false, r.width(), r.features(),
			r.size(), r.epochs(), r.batch(), 0, null, null, r.headLearningRate(), 0, null, r.seed(), r.device(), r.command(), null, on);
	}

	@Test
	void cropAndResizeRoundTripLabelsIntoTheUncroppedGrid() {
		int w = 64, h = 64;
		short[] labels = new short[w * h];
		for (int i = 0; i < labels.length; i++) labels[i] = (short) (i % 5);
		Pix2RepPreprocessing p = new Pix2RepPreprocessing(32, Pix2RepPreprocessing.Interpolation.NEAREST,
			Pix2RepPreprocessing.Crop.parse("25%,25%,50%,50%"));
		assertArrayEquals(new int[] { 16, 16, 32, 32 }, p.window(w, h));
		short[] back = p.back(p.labels(labels, w, h), w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean inside = x >= 16 && x < 48 && y >= 16 && y < 48;
				assertEquals(inside ? labels[y * w + x] : 0, back[y * w + x], x + "," + y);
			}
		// the same crop on a larger scan scales with it
		assertArrayEquals(new int[] { 32, 25, 64, 50 }, p.window(128, 100));
	}

	@SuppressWarnings("unchecked")
	private static List<Double> castList(Object o) {
		return (List<Double>) o;
	}
}
