package org.labelfit.ossnet;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.engine.NonFinite;
import org.labelfit.train.Lookahead;
import org.labelfit.train.Optimizer;
import org.labelfit.train.Progress;

/**
 * Time of LabelFit's real OSS-Net training step (the trainer's own {@link OssNetTrainer#step}: augmentation draw,
 * padding, point sampling with the border share, patch extraction, encoder and decoder in training mode, the BCE
 * (+ the low-resolution term for C/D), backward, Lookahead around RAdam) on one random volume, and of one MISE
 * segmentation of a volume ({@link OssNetSegmenter} with the trained-for-one-step weights: encoding, the three
 * stages with their patches, chunks of 2¹⁴ points), with the process's peak resident memory (VmHWM). The time of a
 * step does not depend on the values; MISE's depends on how many points the weights call occupied, so the queries
 * are reported with it.
 */
public final class OssNetBenchmark {

	private OssNetBenchmark() {}

	/** Median, minimum and maximum seconds over {@code steps} training steps and {@code repeats} MISE runs, each after a warm-up; 0 skips. */
	public static Map<String, Object> run(OssNetConfig c, int points, int steps, int repeats, Device device, Progress progress) {
		OssNetTrainer.Settings r = new OssNetTrainer.Settings(1, points, 0.5, 1, OssNetTrainer.LEARNING_RATE, OssNetTrainer.PADE_LEARNING_RATE,
			OssNetTrainer.MILESTONES, 1, 1, null, null, true, 1, device.toString(), "labelfit bench ossnet");
		Random rng = new Random(1);
		OssNetTrainer.Case volume = sphere(c, rng);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("device", device.toString());
		result.put("threads", Engines.threads());
		result.put("config", c.toString());
		result.put("grid", c.grid().toArray());
		result.put("points", points);
		result.put("border_fraction", r.borderFraction());
		try (NDManager manager = Engines.newManager(device); OssNetwork net = new OssNetwork(c, OssNetwork.initialWeights(c, 1), manager)) {
			result.put("resident_mb_with_network", Memory.residentMegabytes());
			if (steps > 0) {
				net.attachGradients();
				Optimizer optimizer = new Lookahead(OssNetTrainer.radam(net, r), OssNetTrainer.LOOKAHEAD_K, OssNetTrainer.LOOKAHEAD_ALPHA);
				double[] t = new double[steps];
				for (int s = -1; s < steps; s++) {
					progress.checkCancelled();
					long start = System.nanoTime();
					double loss = OssNetTrainer.step(net, optimizer, manager, r, List.of(volume), rng);
					NonFinite.checkLoss("OSS-Net benchmark", "step", s + 2, loss);
					if (s >= 0) t[s] = (System.nanoTime() - start) / 1e9;
					progress.log(String.format("training step %d: %.3f s, loss %.4f", s + 1, (System.nanoTime() - start) / 1e9, loss));
				}
				optimizer.close();
				result.put("training_step_seconds", summary(t));
				result.put("peak_resident_mb_after_training", Memory.peakResidentMegabytes());
			}
			if (repeats > 0) {
				boolean reset = Memory.resetPeak();
				OssNetModel model = new OssNetModel(c, Patches.Pooling.AVERAGE, "foreground", net.export(), null, Map.of());
				OssNetVolume prepared = new OssNetVolume(OssNetTrainer.Case.onGrid(volume.channels(), volume.dims(), c.grid()), c.channels(), c.grid(),
					volume.dims(), volume.name());
				double[] t = new double[repeats];
				long[] queries = null;
				try (OssNetSegmenter segmenter = new OssNetSegmenter(model, OssNetSegmenter.Options.defaults(), device)) {
					for (int s = -1; s < repeats; s++) {
						progress.checkCancelled();
						long start = System.nanoTime();
						queries = segmenter.occupancy(prepared, Progress.NONE).queries();
						if (s >= 0) t[s] = (System.nanoTime() - start) / 1e9;
					}
				}
				result.put("mise_seconds", summary(t));
				result.put("mise_queries", queries);
				result.put("mise_microseconds_per_query", 1e6 * ((Number) summary(t).get("median")).doubleValue() / Arrays.stream(queries).sum());
				result.put(reset ? "peak_resident_mb_inference" : "peak_resident_mb_since_start", Memory.peakResidentMegabytes());
				OssNetMemory estimate = OssNetMemory.estimate(c, OssNetSegmenter.Options.defaults().chunk());
				result.put("mise_estimate_mb", Map.of("native", estimate.nativeBytes() >> 20, "heap", estimate.heapBytes() >> 20));
				progress.log(String.format("MISE: %.3f s, %s", ((Number) summary(t).get("median")).doubleValue(), Mise.describe(queries)));
			}
		}
		return result;
	}

	/** A volume filling the grid: noise around a centred ball of radius a quarter of the smallest side, which is its label. */
	private static OssNetTrainer.Case sphere(OssNetConfig c, Random rng) {
		int[] d = c.grid().toArray();
		int n = Math.toIntExact(c.grid().voxels());
		double radius = Arrays.stream(d).min().getAsInt() / 4.0;
		boolean[] label = new boolean[n];
		float[][] channels = new float[c.channels()][n];
		for (int x = 0, i = 0; x < d[0]; x++)
			for (int y = 0; y < d[1]; y++)
				for (int z = 0; z < d[2]; z++, i++) {
					double dx = x - d[0] / 2.0, dy = y - d[1] / 2.0, dz = z - d[2] / 2.0;
					label[i] = dx * dx + dy * dy + dz * dz < radius * radius;
					for (float[] ch : channels) ch[i] = (label[i] ? 1 : -1) + (float) rng.nextGaussian() * 0.5f;
				}
		return new OssNetTrainer.Case("ball", channels, d, label, BorderMap.of(label, d));
	}

	private static Map<String, Object> summary(double[] t) {
		double[] s = t.clone();
		Arrays.sort(s);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("median", s[s.length / 2]);
		out.put("min", s[0]);
		out.put("max", s[s.length - 1]);
		out.put("n", s.length);
		return out;
	}
}
