package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.sample.Phantoms;

class SampleDataCommandTest {

	@Test
	void writesTheExpectedLayout(@TempDir Path dir) throws IOException {
		Path out = dir.resolve("data");
		Cli.run("sample-data", "generate", "--out", out.toString(), "--train", "3", "--test", "2", "--size", "24").succeeds();
		assertEquals(Phantoms.CLASS_NAMES, Files.readAllLines(out.resolve("classes.txt")));
		assertEquals(List.of("subject_000.tif", "subject_001.tif", "subject_002.tif"), names(out.resolve("train/images")));
		assertEquals(names(out.resolve("train/images")), names(out.resolve("train/labels")));
		assertEquals(List.of("subject_000.tif", "subject_001.tif"), names(out.resolve("test/images")));
		assertEquals(names(out.resolve("test/images")), names(out.resolve("test/labels")));
		assertTrue(Files.isRegularFile(out.resolve("phantom3d/images/phantom3d_000.tif")));
		assertTrue(Files.isRegularFile(out.resolve("phantom3d/labels/phantom3d_000.tif")));
	}

	@Test
	void defaultsToTheSampleFolderOfTheLabelFitHome(@TempDir Path home) {
		MetaSegCliTest.withHome(home, () -> Cli.run("sample-data", "generate", "--train", "1", "--test", "1", "--size", "16")).succeeds();
		assertTrue(Files.isRegularFile(home.resolve("sample-data/test/labels/subject_000.tif")));
	}

	@Test
	void refusesToMixWithExistingData(@TempDir Path dir) throws IOException {
		Files.createDirectories(dir.resolve("train"));
		Cli.run("sample-data", "generate", "--out", dir.toString()).fails(Main.USAGE, "already exists");
		assertEquals(List.of("train"), names(dir));
		Cli.run("sample-data", "generate", "--out", dir.resolve("new").toString(), "--size", "8").fails(Main.USAGE, "at least 16");
	}

	private static List<String> names(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
