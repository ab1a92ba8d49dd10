package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.batch.Manifest;
import org.labelfit.batch.ManifestRow;
import org.labelfit.batch.ManifestRow.Status;
import org.labelfit.universeg.UniverSegConfig;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegNet;

/** A real method (a tiny UniverSeg) through the batch job: shards, resume, a corrupt input, and the SLURM script. */
class BatchCliTest {

	@TempDir
	static Path root;
	static Path data, model, queries;

	@BeforeAll
	static void tinyModelAndPhantoms() throws IOException {
		data = root.resolve("phantoms");
		Cli.run("sample-data", "generate", "--out", data.toString(), "--train", "3", "--test", "5", "--size", "32").succeeds();
		queries = data.resolve("test/images");
		UniverSegConfig config = UniverSegConfig.uniform(8, 4);
		model = root.resolve("tiny-universeg.labelfit");
		UniverSegModelFile.save(model, new UniverSegModel(config, 32, UniverSegNet.initialWeights(config, 1), null, Map.of()), () -> false);
	}

	static Cli.Result segment(String input, Path out, String... more) {
		List<String> args = new ArrayList<>(List.of("universeg", "segment", "--model", model.toString(), "--support-images",
			data.resolve("train/images").toString(), "--support-labels", data.resolve("train/labels").toString(), "--input", input,
			"--output", out.toString(), "--device", "cpu"));
		args.addAll(List.of(more));
		return Cli.run(args.toArray(String[]::new));
	}

	/** Label files by name with their bytes. */
	static Map<String, byte[]> labelFiles(Path dir) throws IOException {
		Map<String, byte[]> files = new TreeMap<>();
		try (Stream<Path> s = Files.list(dir)) {
			for (Path p : s.filter(p -> p.getFileName().toString().endsWith("_labels.tif")).toList())
				files.put(p.getFileName().toString(), Files.readAllBytes(p));
		}
		return files;
	}

	static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
		assertEquals(expected.keySet(), actual.keySet());
		for (String name : expected.keySet()) assertArrayEquals(expected.get(name), actual.get(name), name);
	}

	@Test
	void shardsTogetherGiveTheWholeRunAndAResumeRecomputesOnlyWhatIsMissing(@TempDir Path dir) throws IOException {
		Path whole = dir.resolve("whole"), sharded = dir.resolve("sharded");
		segment(queries.toString(), whole).succeeds();
		Map<String, byte[]> expected = labelFiles(whole);
		assertEquals(5, expected.size());
		List<ManifestRow> rows = Manifest.read(whole.resolve(Manifest.FILE));
		assertEquals(5, rows.size());
		assertTrue(rows.stream().allMatch(r -> r.status() == Status.DONE && r.seconds() > 0), rows.toString());

		for (int i = 1; i <= 2; i++) segment(queries.toString(), sharded, "--shard", i + "/2").succeeds();
		assertSameFiles(expected, labelFiles(sharded));
		assertEquals(3, Manifest.read(sharded.resolve("labelfit-manifest-1-of-2.csv")).size());
		assertEquals(2, Manifest.read(sharded.resolve("labelfit-manifest-2-of-2.csv")).size());

		Files.delete(whole.resolve("subject_001_labels.tif"));
		Files.delete(whole.resolve("subject_003_labels.tif"));
		Cli.Result again = segment(queries.toString(), whole).succeeds();
		assertTrue(again.out().contains("5 inputs: 2 done, 3 skipped"), again.out());
		List<String> redone = Manifest.read(whole.resolve(Manifest.FILE)).stream().filter(r -> r.status() == Status.DONE)
			.map(r -> Path.of(r.output()).getFileName().toString()).toList();
		assertEquals(List.of("subject_001_labels.tif", "subject_003_labels.tif"), redone);
		assertSameFiles(expected, labelFiles(whole));
	}

	@Test
	void aCorruptInputFailsAloneAndTheExitCodeSaysSo(@TempDir Path dir) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		try (Stream<Path> s = Files.list(queries)) {
			for (Path p : s.toList()) Files.copy(p, in.resolve(p.getFileName()));
		}
		Files.write(in.resolve("subject_002.tif"), new byte[] { 'I', 'I', 42, 0, 1, 2 }); // a TIFF header, then nothing
		Path out = dir.resolve("out");
		Cli.Result r = segment(in.toString(), out);
		assertEquals(Main.FAILED, r.code(), r.err());
		assertTrue(r.err().strip().endsWith("labelfit: 1 of 5 inputs failed"), r.err());
		List<ManifestRow> rows = Manifest.read(out.resolve(Manifest.FILE));
		assertEquals(List.of(Status.DONE, Status.DONE, Status.FAILED, Status.DONE, Status.DONE), rows.stream().map(ManifestRow::status).toList());
		ManifestRow bad = rows.get(2);
		assertTrue(bad.input().endsWith("subject_002.tif") && bad.error().contains("subject_002.tif"), bad.toString());
		assertTrue(r.err().contains("failed " + bad.input() + ": " + bad.error()), r.err());
		assertEquals(4, labelFiles(out).size());
	}

	@Test
	void slurmScriptShardsTheCommand(@TempDir Path dir) throws IOException {
		Path script = dir.resolve("label.sbatch");
		Cli.run("cluster", "slurm", "--array", "12", "--cpus", "3", "--mem", "9G", "--time", "1:00:00", "--out", script.toString(), "--",
			"metaseg", "label", "--model", "my model.labelfit", "--input", "/data/cohort", "--output", "/data/labels").succeeds();
		List<String> lines = Files.readAllLines(script);
		assertEquals("#!/bin/bash", lines.get(0));
		for (String l : new String[] { "#SBATCH --array=1-12", "#SBATCH --cpus-per-task=3", "#SBATCH --mem=9G", "#SBATCH --time=1:00:00",
			"export LABELFIT_THREADS=\"${SLURM_CPUS_PER_TASK:-3}\"",
			"export ENGINE_CACHE_DIR=\"${LABELFIT_NODE_CACHE:-${TMPDIR:-/tmp}/labelfit-djl-$USER}\"" })
			assertTrue(lines.contains(l), l + " in " + lines);
		String exec = lines.get(lines.size() - 1);
		assertTrue(exec.startsWith("exec ") && exec.endsWith(
			"labelfit metaseg label --model 'my model.labelfit' --input /data/cohort --output /data/labels --shard \"${SLURM_ARRAY_TASK_ID}/12\""),
			exec);
		Cli.run("cluster", "slurm", "--array", "2", "--", "metaseg", "label", "--shard", "1/2").fails(Main.USAGE, "leave --shard out");
		Cli.run("cluster", "slurm", "--array", "2", "--", "metaseg", "train").fails(Main.USAGE, "segment or label command");
		segment(queries.toString(), dir.resolve("x"), "--shard", "3/2").fails(Main.USAGE, "shard must be I/N with 1 <= I <= N, got 3/2");
	}
}
