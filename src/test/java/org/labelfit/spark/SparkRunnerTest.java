package org.labelfit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.batch.BatchJob;
import org.labelfit.batch.BatchResult;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.Manifest;
import org.labelfit.batch.ManifestRow;
import org.labelfit.batch.ManifestRow.Status;
import org.labelfit.batch.Shard;
import org.labelfit.train.Progress;
import org.labelfit.universeg.SupportSet;
import org.labelfit.universeg.UniverSegBatch;
import org.labelfit.universeg.UniverSegConfig;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegNet;
import org.labelfit.universeg.UniverSegSegmenter;

/** The same batch job on Spark local[2] and in this JVM gives the same label files, over the repository's sample data. */
class SparkRunnerTest {

	static Map<String, byte[]> labelFiles(Path dir) throws IOException {
		Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> s = Files.list(dir)) {
			for (Path p : s.filter(p -> p.getFileName().toString().endsWith("_labels.tif")).toList())
				files.put(p.getFileName().toString(), Files.readAllBytes(p));
		}
		return files;
	}

	@Test
	void localTwoMatchesTheLocalRunner(@TempDir Path dir) throws IOException {
		Path data = Path.of("sample-data");
		UniverSegConfig config = UniverSegConfig.uniform(8, 4);
		Path model = dir.resolve("tiny.labelfit");
		UniverSegModelFile.save(model, new UniverSegModel(config, 32, UniverSegNet.initialWeights(config, 1), null, Map.of()), () -> false);
		SupportSet support = SupportSet.fromFiles(data.resolve("train/images").toString(), data.resolve("train/labels").toString(), null, null, 32,
			Progress.NONE);
		UniverSegBatch method = new UniverSegBatch(support, null, null, new UniverSegSegmenter.Options(0, 1, 42, 0.5, 0), false);
		String input = data.resolve("test/images").toString();
		BatchResult local = LocalRunner.run(BatchJob.of(method, model, input, dir.resolve("local"), "cpu", false, Shard.ALL), true, Progress.NONE);
		Path sparkOut = dir.resolve("spark");
		BatchResult spark = new SparkRunner("local[2]").run(BatchJob.of(method, model, input, sparkOut, "cpu", false, Shard.ALL), Progress.NONE);

		Map<String, byte[]> expected = labelFiles(dir.resolve("local")), actual = labelFiles(sparkOut);
		assertTrue(expected.size() >= 2, expected.keySet().toString());
		assertEquals(expected.keySet(), actual.keySet());
		for (String name : expected.keySet()) assertArrayEquals(expected.get(name), actual.get(name), name);
		List<ManifestRow> rows = Manifest.read(sparkOut.resolve(Manifest.FILE));
		assertEquals(spark.rows(), rows);
		assertEquals(local.rows().stream().map(ManifestRow::input).toList(), rows.stream().map(ManifestRow::input).toList());
		assertTrue(rows.stream().allMatch(r -> r.status() == Status.DONE && r.worker().contains("executor driver")), rows.toString());
	}

	@Test
	void theLaunchersJavaFlagsAreTheOnesTheTestsRunWith() throws IOException {
		// spark/java17-flags is the launcher's argfile; the pom's copy (surefire) must list the same flags
		List<String> flags = Files.readAllLines(Path.of("spark/java17-flags")).stream().filter(l -> !l.isBlank()).toList();
		assertEquals(17, flags.size());
		List<String> jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
		for (String f : flags) assertTrue(jvm.contains(f), f + " missing from the test JVM's arguments " + jvm);
	}
}
