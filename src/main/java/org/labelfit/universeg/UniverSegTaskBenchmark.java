package org.labelfit.universeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;

import org.labelfit.baseline.ForestSegmenter;
import org.labelfit.data.Sample;
import org.labelfit.data.Samples;
import org.labelfit.io.ImagePairs;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * Held-out task evaluation: for each task folder (images/ and labels/), each query is segmented from
 * supports drawn from the task's other examples (leave-one-out), with UniverSeg at each support size S,
 * with and without an ensemble of K subsets, and with the baseline a Fiji user has today, a per-pixel
 * random forest on filter features trained on the same S examples (as Labkit or Trainable Weka
 * Segmentation would be). Dice per label on the model's grid, averaged over queries then labels.
 */
public final class UniverSegTaskBenchmark {

	/**
	 * @param queries queries per task at most (the first of a seeded shuffle)
	 * @param ensemble K of the ensembled runs
	 */
	public record Settings(int[] supportSizes, int ensemble, int queries, long seed) {}

	private UniverSegTaskBenchmark() {}

	public static Map<String, Object> run(UniverSegModel model, List<Path> taskFolders, Settings settings, Device device,
		Progress progress)
	{
		Map<String, Object> result = new LinkedHashMap<>();
		List<Map<String, Object>> rows = new ArrayList<>();
		try (UniverSegSegmenter segmenter = new UniverSegSegmenter(model, device)) {
			for (Path folder : taskFolders) {
				List<Sample> examples = Samples.training(ImagePairs.pair(folder.resolve("images").toString(),
					folder.resolve("labels").toString(), null, null), 2, model.size(), progress);
				int[] labels = new SupportSet(examples).labelsPresent();
				List<Integer> order = shuffled(examples.size(), settings.seed());
				int queries = Math.min(settings.queries(), examples.size());
				for (int s : settings.supportSizes()) {
					if (s > examples.size() - 1) continue;
					rows.add(evaluate(segmenter, folder.getFileName().toString(), examples, labels, order.subList(0, queries), s, settings,
						progress));
				}
			}
		}
		result.put("model_provenance_source", model.provenance().get("source"));
		result.put("ensemble", settings.ensemble());
		result.put("rows", rows);
		return result;
	}

	private static Map<String, Object> evaluate(UniverSegSegmenter segmenter, String task, List<Sample> examples, int[] labels,
		List<Integer> queries, int s, Settings settings, Progress progress)
	{
		double[] single = new double[labels.length], ensembled = new double[labels.length], forest = new double[labels.length];
		Meter meter = new Meter(progress, task + " S=" + s, (long) queries.size() * labels.length * (1 + settings.ensemble()));
		long universegNanos = 0;
		for (int q : queries) {
			List<Sample> pool = new ArrayList<>(examples);
			Sample query = pool.remove(q);
			SupportSet support = new SupportSet(pool);
			long seed = settings.seed() * 1_000_003L + q;
			long t0 = System.nanoTime();
			float[][] p1 = segmenter.probabilities(query.intensity(), support, labels,
				new UniverSegSegmenter.Options(s, 1, seed, 0.5, 0), meter);
			universegNanos += System.nanoTime() - t0;
			float[][] pk = segmenter.probabilities(query.intensity(), support, labels,
				new UniverSegSegmenter.Options(s, settings.ensemble(), seed, 0.5, 0), meter);
			// the forest sees exactly the examples of the single UniverSeg run
			int[] subset = UniverSegSegmenter.subsets(pool.size(), s, 1, seed).get(0);
			float[][] pf = new float[labels.length][];
			for (int l = 0; l < labels.length; l++) {
				List<float[]> images = new ArrayList<>(), masks = new ArrayList<>();
				for (int i : subset) {
					images.add(pool.get(i).intensity());
					masks.add(support.mask(i, labels[l]));
				}
				pf[l] = ForestSegmenter.train(images, masks, query.width(), query.height(), ForestSegmenter.DEFAULT_MAX_SAMPLES, seed)
					.probability(query.intensity());
			}
			add(single, dice(UniverSegSegmenter.fuse(p1, labels, 0.5), query.labels(), labels), queries.size());
			add(ensembled, dice(UniverSegSegmenter.fuse(pk, labels, 0.5), query.labels(), labels), queries.size());
			add(forest, dice(UniverSegSegmenter.fuse(pf, labels, 0.5), query.labels(), labels), queries.size());
		}
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("task", task);
		row.put("support_size", s);
		row.put("queries", queries.size());
		row.put("labels", labels);
		row.put("universeg_dice", single);
		row.put("universeg_ensemble_dice", ensembled);
		row.put("forest_dice", forest);
		row.put("universeg_mean", mean(single));
		row.put("universeg_ensemble_mean", mean(ensembled));
		row.put("forest_mean", mean(forest));
		row.put("universeg_seconds_per_query", universegNanos / 1e9 / queries.size());
		progress.log(String.format("%s S=%d: UniverSeg %.3f, ensemble of %d %.3f, random forest %.3f", task, s, mean(single),
			settings.ensemble(), mean(ensembled), mean(forest)));
		return row;
	}

	/** Dice of each label; 1 where the label is absent from both prediction and truth. */
	static double[] dice(short[] predicted, short[] truth, int[] labels) {
		double[] d = new double[labels.length];
		for (int l = 0; l < labels.length; l++) {
			long both = 0, p = 0, t = 0;
			for (int i = 0; i < truth.length; i++) {
				boolean a = (predicted[i] & 0xffff) == labels[l], b = (truth[i] & 0xffff) == labels[l];
				if (a && b) both++;
				if (a) p++;
				if (b) t++;
			}
			d[l] = p + t == 0 ? 1 : 2.0 * both / (p + t);
		}
		return d;
	}

	private static void add(double[] sum, double[] values, int n) {
		for (int i = 0; i < sum.length; i++) sum[i] += values[i] / n;
	}

	private static double mean(double[] v) {
		double s = 0;
		for (double x : v) s += x;
		return s / v.length;
	}

	private static List<Integer> shuffled(int n, long seed) {
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < n; i++) order.add(i);
		java.util.Collections.shuffle(order, new Random(seed));
		return order;
	}
}
