package org.labelfit.pix2rep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import ai.djl.Device;
import net.imglib2.img.array.ArrayImgs;

import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.io.ImageData;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/**
 * The interactive probe loop of issue 10 timed as a Fiji user meets it, through the same calls the Fiji commands
 * make (files written, models loaded, the session's {@link Pix2RepFeatureCache}): on one side × side slice, scribbles
 * of two classes, (i) the first "Train Head" (the frozen features computed, the probe trained), (ii) a retrain after
 * adding scribbles (features from the cache), (iii) "Segment" with the new head (features from the cache); and, for
 * reference, segmenting without the cache (the backbone forward the cache saves). The backbone is randomly
 * initialised: speed does not depend on its values.
 */
public final class Pix2RepProbeBenchmark {

	private Pix2RepProbeBenchmark() {}

	/** @param device "auto", "cpu" or "gpu", as the commands take it */
	public static Map<String, Object> run(int width, int features, int side, int epochs, int repeats, String device, Progress progress) {
		Path dir;
		try {
			dir = Files.createTempDirectory("labelfit-probe-bench");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		try {
			return run(width, features, side, epochs, repeats, device, progress, dir);
		}
		finally {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
			catch (IOException e) {
				progress.log("could not remove " + dir + ": " + e.getMessage());
			}
		}
	}

	private static Map<String, Object> run(int width, int features, int side, int epochs, int repeats, String deviceName, Progress progress,
		Path dir)
	{
		Device device = Engines.device(deviceName, progress::log);
		Pix2RepConfig config = new Pix2RepConfig(width, features, 0);
		Path pretrained = dir.resolve("pretrained.labelfit"), model = dir.resolve("probe.labelfit");
		Engines.seed(1);
		Pix2RepNet net = new Pix2RepNet(config);
		try (var manager = Engines.newManager(device)) {
			net.initialize(manager);
			Pix2RepModelFile.save(pretrained, new Pix2RepModel(config, true, Pix2RepPreprocessing.of(Pix2Rep.SIZE), List.of(), net.export(true),
				Map.of("source", "random weights for the probe benchmark")), () -> false);
		}
		float[] pixels = new float[side * side];
		Random rng = new Random(1);
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				pixels[y * side + x] = (Math.hypot(x - side / 2.0, y - side / 2.0) < side / 5.0 ? 0.8f : 0.2f) + 0.05f * (float) rng.nextGaussian();
		ImageData image = new ImageData(ArrayImgs.floats(pixels, side, side), new double[] { 1, 1 }, null, "slice");
		short[] first = new short[side * side];
		Arrays.fill(first, (short) -1);
		scribble(first, side, side / 10, 0);
		scribble(first, side, side / 2, 1);
		short[] more = first.clone();
		scribble(more, side, side - side / 10, 0);
		scribble(more, side, side / 2 + 4, 1);
		Pix2RepHeadTrainer.Request request = new Pix2RepHeadTrainer.Request(pretrained.toString(), "benchmark slice", "scribbles", null, null,
			Pix2RepHeadTrainer.Mode.PROBE, false, width, features, Pix2Rep.SIZE, epochs, Pix2RepHeadTrainer.BATCH, 0, null, null, 0, 0, null, 1,
			deviceName, "labelfit bench pix2rep-probe");
		Pix2RepFeatureCache cache = new Pix2RepFeatureCache(1L << 30);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("device", device.toString());
		result.put("threads", Engines.threads());
		result.put("config", config.toString());
		result.put("slice", side + "x" + side);
		result.put("grid", Pix2Rep.SIZE);
		result.put("epochs", epochs);
		long start = System.nanoTime();
		Pix2Rep.trainHead(request, List.of(image), List.<short[][]>of(new short[][] { first }), cache, model, true, progress, new LossHistory());
		result.put("first_train_head_seconds", seconds(start));
		double[] retrain = new double[repeats], labels = new double[repeats];
		for (int r = 0; r < repeats; r++) {
			start = System.nanoTime();
			Pix2Rep.trainHead(request, List.of(image), List.<short[][]>of(new short[][] { more }), cache, model, true, progress, new LossHistory());
			retrain[r] = seconds(start);
			start = System.nanoTime();
			Pix2Rep.segment(Pix2RepModelFile.load(model), image, cache, deviceName, progress);
			labels[r] = seconds(start);
		}
		result.put("retrain_seconds", median(retrain));
		result.put("new_labels_seconds", median(labels));
		start = System.nanoTime();
		Pix2Rep.segment(Pix2RepModelFile.load(model), image, null, deviceName, progress);
		result.put("uncached_labels_seconds", seconds(start));
		result.put("repeats", repeats);
		result.put("peak_resident_mb", Memory.peakResidentMegabytes());
		return result;
	}

	/** A horizontal stroke of class {@code label} across the middle half of row {@code y}, 3 pixels thick. */
	private static void scribble(short[] labels, int side, int y, int label) {
		for (int dy = -1; dy <= 1; dy++)
			for (int x = side / 4; x < 3 * side / 4; x++) labels[(y + dy) * side + x] = (short) label;
	}

	private static double seconds(long start) {
		return Math.round((System.nanoTime() - start) / 1e6) / 1000.0;
	}

	private static double median(double[] t) {
		double[] s = t.clone();
		Arrays.sort(s);
		return s[s.length / 2];
	}
}
