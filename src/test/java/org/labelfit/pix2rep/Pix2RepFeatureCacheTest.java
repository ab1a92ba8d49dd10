package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import ai.djl.Device;

import org.junit.jupiter.api.Test;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** The session's frozen-feature cache: a retrain from cached features is the same training; keys and budget. */
class Pix2RepFeatureCacheTest {

	private static Pix2RepModel train(Pix2RepHeadTrainer.Request r, Pix2RepModel pretrained, List<Pix2RepHeadTrainer.Slice> slices,
		Pix2RepFeatureCache cache, List<String> log)
	{
		Progress progress = new Progress() {

			@Override
			public void report(Status status) {}

			@Override
			public void log(String message) {
				log.add(message);
			}
		};
		return Pix2RepHeadTrainer.train(r, pretrained, Pix2RepPreprocessing.of(Pix2RepHeadTrainerTest.SIZE), slices, List.of(), 3,
			Pix2RepModel.defaultClassNames(3), new LinkedHashMap<>(), Device.cpu(), progress, new LossHistory(), m -> {}, cache);
	}

	@Test
	void aProbeRetrainedFromCachedFeaturesIsTheSameTraining() {
		Pix2RepModel pretrained = Pix2RepHeadTrainerTest.randomModel(4, 8, 1);
		List<Pix2RepHeadTrainer.Slice> slices = Pix2RepHeadTrainerTest.labelled(5, 2);
		Pix2RepHeadTrainer.Request r = Pix2RepHeadTrainerTest.request(Pix2RepHeadTrainer.Mode.PROBE, 10, 0.05);
		Pix2RepFeatureCache cache = new Pix2RepFeatureCache(1L << 30);
		List<String> log = new ArrayList<>();
		Pix2RepModel uncached = train(r, pretrained, slices, null, log);
		// first run: all computed and kept; second and third: none computed, same weights to the bit (3 repeats)
		for (int run = 0; run < 3; run++) {
			log.clear();
			Pix2RepModel model = train(r, pretrained, slices, cache, log);
			assertEquals(5, cache.size());
			String expected = run == 0 ? "5 computed, 0 from earlier runs" : "0 computed, 5 from earlier runs";
			assertEquals(1, log.stream().filter(l -> l.endsWith(expected)).count(), log.toString());
			for (String name : model.config().headShapes().keySet())
				assertArrayEquals(uncached.weights().get(name).data(), model.weights().get(name).data(), 0f, name);
		}
		// a new scribble on the same slices (other labels) still hits: only the pixels' values are keyed
		List<Pix2RepHeadTrainer.Slice> relabelled = new ArrayList<>();
		for (Pix2RepHeadTrainer.Slice s : slices) relabelled.add(new Pix2RepHeadTrainer.Slice(s.image(), new short[s.labels().length]));
		relabelled.set(0, slices.get(0));
		log.clear();
		train(r, pretrained, relabelled, cache, log);
		assertEquals(5, cache.size());
		// fine-tuning never uses the cache: its backbone moves
		log.clear();
		train(Pix2RepHeadTrainerTest.request(Pix2RepHeadTrainer.Mode.FINETUNE, 1, 0), pretrained, slices, cache, log);
		assertEquals(0, log.stream().filter(l -> l.contains("from earlier runs")).count(), log.toString());
	}

	@Test
	void labellingReusesTheFeaturesOfTrainingAndGivesTheSameLabels() {
		Pix2RepModel pretrained = Pix2RepHeadTrainerTest.randomModel(4, 8, 1);
		List<Pix2RepHeadTrainer.Slice> slices = Pix2RepHeadTrainerTest.labelled(3, 2);
		Pix2RepFeatureCache cache = new Pix2RepFeatureCache(1L << 30);
		Pix2RepModel model = train(Pix2RepHeadTrainerTest.request(Pix2RepHeadTrainer.Mode.PROBE, 5, 0.05), pretrained, slices, cache,
			new ArrayList<>());
		// the probe left the backbone bit-identical, so the trained model has the pretrained one's key
		assertEquals(Pix2RepFeatureCache.backboneKey(pretrained), Pix2RepFeatureCache.backboneKey(model));
		List<float[]> images = slices.stream().map(Pix2RepHeadTrainer.Slice::image).toList();
		float[] cached = cache.get(Pix2RepFeatureCache.backboneKey(model), images.get(0));
		try (Pix2RepSegmenter plain = new Pix2RepSegmenter(model, Device.cpu()); Pix2RepSegmenter fast = new Pix2RepSegmenter(model, Device.cpu(), cache)) {
			List<short[]> expected = plain.gridLabels(images, "test"), got = fast.gridLabels(images, "test");
			for (int i = 0; i < images.size(); i++) assertArrayEquals(expected.get(i), got.get(i));
		}
		assertSame(cached, cache.get(Pix2RepFeatureCache.backboneKey(model), images.get(0)), "hit, not recomputed");
		assertEquals(3, cache.size());
		// another backbone misses
		assertNotEquals(Pix2RepFeatureCache.backboneKey(pretrained), Pix2RepFeatureCache.backboneKey(Pix2RepHeadTrainerTest.randomModel(4, 8, 2)));
	}

	@Test
	void keysAreTheSlicesValuesAndTheOldestGoFirstOverBudget() {
		Pix2RepFeatureCache cache = new Pix2RepFeatureCache(2 * 4 * Float.BYTES);
		float[] a = { 1, 2 }, b = { 3, 4 }, c = { 5, 6 };
		cache.put("k", a, new float[4]);
		cache.put("k", b, new float[4]);
		assertEquals(2, cache.size());
		cache.get("k", a); // a is now the most recently used
		cache.put("k", c, new float[4]);
		assertEquals(2, cache.size());
		assertNull(cache.get("k", b));
		assertEquals(4, cache.get("k", new float[] { 1, 2 }).length, "equal values are the same slice");
		assertNull(cache.get("k", new float[] { 1, 2.0001f }), "an edited slice misses");
		assertNull(cache.get("other backbone", a));
		cache.put("k", a, new float[100]);
		assertEquals(4, cache.get("k", a).length, "features larger than the budget are not kept");
	}
}
