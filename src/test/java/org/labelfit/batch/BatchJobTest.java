package org.labelfit.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.labelfit.LabelFitException;
import org.labelfit.batch.ManifestRow.Status;
import org.labelfit.engine.Engines;
import org.labelfit.io.OutputFiles;
import org.labelfit.train.Progress;

/** Planning, sharding, resuming and failure isolation of batch jobs, with a method that upper-cases text files. */
class BatchJobTest {

	static final AtomicInteger LOADS = new AtomicInteger(), SEGMENTED = new AtomicInteger();

	/**
	 * "Segments" an input by writing its text upper-cased; an input reading "corrupt" fails as a broken file would,
	 * "heap" runs out of Java heap and "native" asks PyTorch for a tensor larger than any address space.
	 */
	record Upper() implements BatchMethod<String> {

		@Override
		public String name() {
			return "upper";
		}

		@Override
		public String memoryAdvice() {
			return "upper needs the whole text in memory";
		}

		@Override
		public String load(Path modelFile) {
			LOADS.incrementAndGet();
			return "model";
		}

		@Override
		public Worker open(String model, String device, Progress progress) {
			return new Worker() {

				@Override
				public void segment(Path input, Path output, Progress p) {
					SEGMENTED.incrementAndGet();
					String text;
					try {
						text = Files.readString(input);
					}
					catch (IOException e) {
						throw new LabelFitException("cannot read " + input);
					}
					if (text.equals("corrupt")) throw new LabelFitException(input.getFileName() + " is not a valid TIFF file");
					if (text.equals("heap")) throw new OutOfMemoryError("Java heap space");
					if (text.equals("native")) try (NDManager m = Engines.newManager(Device.cpu())) {
						m.create(new Shape(1L << 46)); // 256 TB of floats
					}
					OutputFiles.writeText(output, text.toUpperCase());
				}

				@Override
				public void close() {}
			};
		}
	}

	private static Path inputs(Path dir, int n) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		for (int i = 0; i < n; i++) Files.writeString(in.resolve(String.format("scan_%02d.tif", i)), "scan " + i);
		return in;
	}

	private static BatchJob job(Path dir, Path in, Shard shard) throws IOException {
		Path model = dir.resolve("m.labelfit");
		if (!Files.exists(model)) Files.writeString(model, "weights");
		return BatchJob.of(new Upper(), model, in.toString(), dir.resolve("out"), "cpu", false, shard);
	}

	private static List<String> names(List<BatchJob.Item> items) {
		return items.stream().map(i -> Path.of(i.input()).getFileName().toString()).toList();
	}

	@Test
	void shardsCoverEveryInputExactlyOnce(@TempDir Path dir) throws IOException {
		Path in = inputs(dir, 11);
		List<String> all = names(job(dir, in, Shard.ALL).plan());
		assertEquals(11, all.size());
		for (int n = 1; n <= 5; n++) {
			List<String> seen = new ArrayList<>();
			for (int i = 1; i <= n; i++) {
				List<String> mine = names(job(dir, in, new Shard(i, n)).plan());
				// every N-th of the sorted list, from the I-th
				for (int k = 0; k < mine.size(); k++) assertEquals(all.get(i - 1 + k * n), mine.get(k));
				seen.addAll(mine);
			}
			assertEquals(all.size(), seen.size(), "N=" + n);
			assertEquals(new HashSet<>(all), new HashSet<>(seen), "N=" + n);
		}
		assertEquals(new Shard(3, 10), Shard.parse("3/10"));
		for (String bad : new String[] { "0/3", "4/3", "3", "a/b", "1/0" })
			assertThrows(LabelFitException.class, () -> Shard.parse(bad), bad);
	}

	@Test
	void resumeRecomputesOnlyMissingOutputs(@TempDir Path dir) throws IOException {
		Path in = inputs(dir, 6);
		BatchJob job = job(dir, in, Shard.ALL);
		BatchResult first = LocalRunner.run(job, true, Progress.NONE);
		assertEquals(6, first.count(Status.DONE));
		Path out = dir.resolve("out");
		assertEquals("SCAN 3", Files.readString(out.resolve("scan_03_labels.tif")));
		Files.delete(out.resolve("scan_01_labels.tif"));
		Files.delete(out.resolve("scan_04_labels.tif"));
		Files.writeString(out.resolve("scan_02_labels.tif"), "kept"); // an existing output is not touched
		int before = SEGMENTED.get();
		BatchResult again = LocalRunner.run(job, true, Progress.NONE);
		assertEquals(2, SEGMENTED.get() - before);
		List<String> done = again.rows().stream().filter(r -> r.status() == Status.DONE).map(r -> Path.of(r.output()).getFileName().toString())
			.toList();
		assertEquals(List.of("scan_01_labels.tif", "scan_04_labels.tif"), done);
		assertEquals(4, again.count(Status.SKIPPED));
		assertEquals("kept", Files.readString(out.resolve("scan_02_labels.tif")));
		assertEquals("SCAN 4", Files.readString(out.resolve("scan_04_labels.tif")));
		assertEquals(again.rows(), Manifest.read(out.resolve(Manifest.FILE)));
	}

	@Test
	void runningOutOfMemoryFailsTheItemWithTheMethodsAdvice(@TempDir Path dir) throws IOException {
		Path in = inputs(dir, 3);
		Files.writeString(in.resolve("scan_00.tif"), "heap");
		Files.writeString(in.resolve("scan_01.tif"), "native");
		BatchResult r = LocalRunner.run(job(dir, in, Shard.ALL), true, Progress.NONE);
		assertEquals(List.of(Status.FAILED, Status.FAILED, Status.DONE), r.rows().stream().map(ManifestRow::status).toList());
		String advice = "; upper needs the whole text in memory; give the worker more memory (-Xmx or LABELFIT_XMX for the Java heap;" +
			" tensors need free system memory) or run fewer tasks per node";
		assertEquals("out of memory in upper (Java heap space)" + advice, r.rows().get(0).error());
		// PyTorch's own allocator message, first line only (its C++ stack follows)
		String nativeError = r.rows().get(1).error();
		assertTrue(nativeError.startsWith("out of memory in upper (") && nativeError.endsWith(advice), nativeError);
		assertTrue(nativeError.startsWith("out of memory in upper (DefaultCPUAllocator: can't allocate memory: you tried to allocate " +
			(1L << 48) + " bytes."), nativeError);
		assertFalse(nativeError.contains("frame #") || nativeError.contains("enforce fail"), nativeError);
	}

	@Test
	void aCorruptInputFailsAloneWithItsErrorInTheManifest(@TempDir Path dir) throws IOException {
		Path in = inputs(dir, 4);
		Files.writeString(in.resolve("scan_02.tif"), "corrupt");
		BatchResult r = LocalRunner.run(job(dir, in, new Shard(1, 1)), true, Progress.NONE);
		List<ManifestRow> rows = Manifest.read(dir.resolve("out").resolve(Manifest.FILE));
		assertEquals(r.rows(), rows);
		assertEquals(List.of(Status.DONE, Status.DONE, Status.FAILED, Status.DONE), rows.stream().map(ManifestRow::status).toList());
		assertEquals("scan_02.tif is not a valid TIFF file", rows.get(2).error());
		assertTrue(rows.get(0).worker().contains("@"), rows.get(0).worker()); // pid@host
		assertFalse(Files.exists(dir.resolve("out/scan_02_labels.tif")));
		LabelFitException e = assertThrows(LabelFitException.class, r::requireNoFailures);
		assertEquals("1 of 4 inputs failed; first: scan_02.tif: scan_02.tif is not a valid TIFF file", e.getMessage());
	}

	@Test
	void aHalfWrittenTemporaryFileIsIgnoredAndReplaced(@TempDir Path dir) throws IOException {
		Path in = inputs(dir, 2);
		Path out = Files.createDirectories(dir.resolve("out"));
		// what AtomicFiles leaves when the JVM is killed mid-write
		Path leftover = out.resolve(".labelfit-123456789-scan_00_labels.tif");
		Files.writeString(leftover, "SCA");
		BatchResult r = LocalRunner.run(job(dir, in, Shard.ALL), true, Progress.NONE);
		assertEquals(2, r.count(Status.DONE));
		assertEquals("SCAN 0", Files.readString(out.resolve("scan_00_labels.tif")));
		try (Stream<Path> files = Files.list(out)) {
			Set<String> left = new HashSet<>(files.map(p -> p.getFileName().toString()).toList());
			assertEquals(Set.of("scan_00_labels.tif", "scan_01_labels.tif", Manifest.FILE), left);
		}
	}

	@Test
	void theModelIsLoadedOncePerHashAndCheckedAgainstIt(@TempDir Path dir) throws IOException {
		Path in = inputs(dir, 3);
		Path model = dir.resolve("unique.labelfit");
		Files.writeString(model, "weights " + System.nanoTime());
		BatchJob job = BatchJob.of(new Upper(), model, in.toString(), dir.resolve("out"), "cpu", false, new Shard(1, 2));
		int before = LOADS.get();
		LocalRunner.run(job, false, Progress.NONE);
		LocalRunner.run(BatchJob.of(new Upper(), model, in.toString(), dir.resolve("out"), "cpu", false, new Shard(2, 2)), false, Progress.NONE);
		assertEquals(1, LOADS.get() - before);
		Path changed = dir.resolve("changed.labelfit");
		Files.writeString(changed, "v1");
		BatchJob stale = BatchJob.of(new Upper(), changed, in.toString(), dir.resolve("out2"), "cpu", false, Shard.ALL);
		Files.write(changed, "v2".getBytes(StandardCharsets.UTF_8));
		LabelFitException e = assertThrows(LabelFitException.class, () -> LocalRunner.run(stale, false, Progress.NONE));
		assertTrue(e.getMessage().contains("changed since the job started"), e.getMessage());
	}

	@Test
	void manifestQuotesCommasAndQuotes(@TempDir Path dir) {
		List<ManifestRow> rows = List.of(new ManifestRow("/a,b/x.tif", "/o/x_labels.tif", Status.FAILED, 1.5, "1@h", "bad \"header\", size 0"),
			new ManifestRow("/a/y.tif", "/o/y_labels.tif", Status.SKIPPED, 0, "1@h", ""));
		Path f = dir.resolve(Manifest.FILE);
		Manifest.write(f, rows);
		assertEquals(rows, Manifest.read(f));
		assertEquals(dir.resolve("labelfit-manifest-2-of-5.csv"), Manifest.file(dir, new Shard(2, 5)));
	}
}
