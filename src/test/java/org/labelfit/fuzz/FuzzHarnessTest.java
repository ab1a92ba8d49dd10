package org.labelfit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;
import org.labelfit.fuzz.ZipArchive.Member;

/** The fuzz harness itself: targeted mutations find their fields, runs repeat, outcomes are classified right. */
class FuzzHarnessTest {

	@TempDir
	Path dir;

	/** A locator that finds nothing would quietly turn targeted damage into blind damage. */
	@Test
	void everySeedHasTheHeaderFieldsItsFormatIsMutatedBy() {
		assertFields(SeedFiles.nifti(".nii"), NiftiFields::locate, "dim[1]", "datatype", "bitpix", "vox_offset");
		assertFields(SeedFiles.npyImages(), NpyMutations::locate, "header length");
		assertFields(SeedFiles.safetensors(), SafetensorsMutations::locate, "header length");
		assertFields(SeedFiles.tiff(), TiffFields::locate, "first IFD", "next IFD", "entry count", "tag 256 value", "tag 257 value",
			"tag 273 value", "tag 279 value");
		assertFields(SeedFiles.png(), PngFields::locate, "chunk length", "width", "height");
	}

	private static void assertFields(List<byte[]> seeds, Function<byte[], List<Field>> locate, String... expected) {
		for (byte[] seed : seeds) {
			Set<String> names = locate.apply(seed).stream().map(Field::name).collect(Collectors.toSet());
			for (String name : expected) assertTrue(names.contains(name), name + " not found in " + names);
		}
	}

	@Test
	void theSameSeedGivesTheSameInputs() {
		Mutation mutator = new Formats(false).modelFile();
		byte[] seed = SeedFiles.metaSegModel().get(0);
		Random a = new Random(7), b = new Random(7);
		for (int i = 0; i < 50; i++) assertArrayEquals(mutator.apply(seed, a), mutator.apply(seed, b), "input " + i);
	}

	@Test
	void zipArchivesHoldWhatZipOutputStreamRefuses() {
		List<Member> members = List.of(Member.of("model.json", ZipArchive.DEFLATED, "{}".getBytes(StandardCharsets.UTF_8)),
			Member.of("model.json", ZipArchive.STORED, new byte[] { 1, 2 }), Member.of("../x\n", ZipArchive.STORED, new byte[0]));
		List<Member> read = ZipArchive.read(ZipArchive.write(members));
		assertEquals(members.stream().map(Member::name).toList(), read.stream().map(Member::name).toList());
		for (int i = 0; i < members.size(); i++) assertArrayEquals(members.get(i).data(), read.get(i).data());
	}

	@Test
	void aCleanRejectionIsALabelFitExceptionOfOneLine() {
		assertEquals(Outcome.ACCEPTED, Outcome.of(null));
		assertEquals(Outcome.CLEAN_REJECTION, Outcome.of(new LabelFitException("scan.nii is truncated")));
		assertEquals(Outcome.OTHER_EXCEPTION, Outcome.of(new LabelFitException("bad key 'a\nb'")));
		assertEquals(Outcome.OTHER_EXCEPTION, Outcome.of(new LabelFitException("a\rb")));
		assertEquals(Outcome.OTHER_EXCEPTION, Outcome.of(new IllegalArgumentException("len < 0")));
		assertEquals(Outcome.OTHER_EXCEPTION, Outcome.of(new StackOverflowError()));
		assertEquals(Outcome.OOM, Outcome.of(new OutOfMemoryError("Java heap space")));
	}

	@Test
	void aReaderPastTheCpuLimitIsATimeoutAndTheRunStops() {
		// accepts the seed, then spins until interrupted, which the runner does on a timeout: no thread is left behind
		FuzzTarget spinning = target(file -> {
			while (file.getFileName().toString().startsWith("input-") && !Thread.currentThread().isInterrupted())
				Math.sqrt(System.nanoTime());
		});
		Tally tally = new FuzzRunner(new FuzzRunner.Limits(50, 10_000, 100, 2, 1), dir, dir.resolve("failures")).run(spinning, 10, 1);
		assertEquals(2, tally.count(Outcome.TIMEOUT));
		assertEquals(2, tally.inputs());
		assertTrue(tally.stopped());
		assertTrue(Files.exists(dir.resolve("failures/test/00000-timeout.bin")));
		assertTrue(tally.failures().contains("timeout at"), tally.failures());
	}

	@Test
	void outcomesAreCountedAndFailingInputsSavedWithTheirStack() throws Exception {
		int[] calls = { 0 };
		FuzzTarget mixed = target(file -> {
			// the first call reads the seed, which must be accepted
			switch (calls[0]++ % 4) {
				case 0 -> {}
				case 1 -> throw new LabelFitException(file.getFileName() + " is damaged");
				case 2 -> throw new IllegalStateException("boom");
				default -> throw new OutOfMemoryError("Java heap space");
			}
		});
		Tally tally = new FuzzRunner(FuzzRunner.Limits.of(1000, 1, 100), dir, dir.resolve("failures")).run(mixed, 8, 1);
		assertEquals(List.of(2, 2, 2, 2), List.of(tally.count(Outcome.ACCEPTED), tally.count(Outcome.CLEAN_REJECTION),
			tally.count(Outcome.OTHER_EXCEPTION), tally.count(Outcome.OOM)), tally.row());
		assertEquals(4, tally.bad());
		String stack = Files.readString(dir.resolve("failures/test/00001-other_exception.bin.txt"));
		assertTrue(stack.contains("java.lang.IllegalStateException: boom") && stack.contains("\tat "), stack);
		assertFalse(Files.exists(dir.resolve("failures/test/00000-clean_rejection.bin")));
	}

	@Test
	void aSeedTheReaderRefusesStopsTheRun() {
		FuzzTarget refusing = target(file -> {
			throw new LabelFitException("no");
		});
		assertThrows(IllegalStateException.class, () -> new FuzzRunner(FuzzRunner.Limits.of(1000, 1, 1), dir, null).run(refusing, 1, 1));
	}

	private static FuzzTarget target(FuzzTarget.Reader reader) {
		return new FuzzTarget("test", "test", ".bin", () -> List.of(new byte[] { 1, 2, 3 }), ByteMutations::flipBytes, reader);
	}
}
