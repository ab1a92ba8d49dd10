package org.labelfit.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.image.LabelImages;

import ij.IJ;
import ij.ImagePlus;

class SampleDataTest {

	@Test
	void writesReadableTiffs(@TempDir Path dir) throws IOException {
		SampleData.write(dir, 7, 2, 1, 64);
		assertEquals(Phantoms.CLASS_NAMES, Files.readAllLines(dir.resolve("classes.txt")));

		ImagePlus image = open(dir.resolve("train/images/subject_001.tif"));
		assertEquals(32, image.getBitDepth());
		assertEquals(64, image.getWidth());
		assertEquals(64, image.getHeight());
		assertEquals(1, image.getStackSize());
		assertArrayEquals(Phantoms.generate2D(7, 1, 64).image(), (float[]) image.getProcessor().getPixels());

		ImagePlus labels = open(dir.resolve("train/labels/subject_001.tif"));
		assertEquals(16, labels.getBitDepth());
		assertArrayEquals(Phantoms.generate2D(7, 1, 64).labels(), (short[]) labels.getProcessor().getPixels());
		assertEquals(String.join(",", Phantoms.CLASS_NAMES), labels.getProp(LabelImages.CLASSES_PROPERTY));

		assertEquals(64, open(dir.resolve("test/images/subject_000.tif")).getWidth());
		assertEquals(16, open(dir.resolve("test/labels/subject_000.tif")).getBitDepth());
		assertTrue(Files.notExists(dir.resolve("test/images/subject_001.tif")));

		ImagePlus volume = open(dir.resolve("phantom3d/images/phantom3d_000.tif"));
		assertEquals(32, volume.getBitDepth());
		assertEquals(48, volume.getWidth());
		assertEquals(32, volume.getStackSize());
		ImagePlus volumeLabels = open(dir.resolve("phantom3d/labels/phantom3d_000.tif"));
		assertEquals(16, volumeLabels.getBitDepth());
		assertEquals(32, volumeLabels.getNSlices());
	}

	@Test
	void subjectsDoNotDependOnCounts(@TempDir Path dir) throws IOException {
		SampleData.write(dir.resolve("a"), 3, 1, 1, 32);
		SampleData.write(dir.resolve("b"), 3, 2, 2, 32);
		for (String f : new String[] { "train/images/subject_000.tif", "test/images/subject_000.tif", "test/labels/subject_000.tif" })
			assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
	}

	private static ImagePlus open(Path file) {
		assertTrue(Files.isRegularFile(file), file + " exists");
		ImagePlus imp = IJ.openImage(file.toString());
		assertNotNull(imp, file.toString());
		return imp;
	}
}
