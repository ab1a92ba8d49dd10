package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.TreeSet;

import net.imglib2.converter.Converters;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real data in ../shared/data; skipped where it is absent. */
class SharedDataTest {

	@TempDir
	Path dir;

	static Path data(String relative) {
		Path p = Paths.get(System.getProperty("labelfit.shared", "../shared"), "data", relative);
		assumeTrue(Files.exists(p), "shared data not available: " + p);
		return p;
	}

	@Test
	void readsAcdcVolumeAndLabels() {
		Path folder = data("acdc_ssl4mis_3d");
		ImageData img = ImageFiles.read(folder.resolve("patient001_frame01_img.nii.gz"));
		ImageData gt = ImageFiles.read(folder.resolve("patient001_frame01_gt.nii.gz"));
		assertEquals("patient001_frame01_img", img.name());
		assertArrayEquals(new long[] { 216, 256, 10 }, img.dims());
		assertArrayEquals(img.dims(), gt.dims());
		assertEquals(3, img.spacing().length);
		float min = Float.MAX_VALUE;
		float max = -Float.MAX_VALUE;
		for (FloatType t : img.pixels()) {
			min = Math.min(min, t.get());
			max = Math.max(max, t.get());
		}
		assertTrue(min >= 0 && max <= 1 && max > min, min + ".." + max);
		TreeSet<Float> labels = new TreeSet<>();
		for (FloatType t : gt.pixels())
			labels.add(t.get());
		assertEquals(List.of(0f, 1f, 2f, 3f), List.copyOf(labels));

		// labels written next to this image keep its geometry
		Path out = dir.resolve("patient001_frame01_pred.nii.gz");
		ImageFiles.writeLabels(out, Converters.convert(gt.pixels(), (a, b) -> b.set((int) a.get()), new UnsignedShortType()), img);
		ImageData back = Nifti.read(out);
		assertEquals(NiftiDataType.UINT16, back.nifti().datatype());
		assertArrayEquals(img.nifti().srow()[0], back.nifti().srow()[0]);
		assertArrayEquals(img.nifti().pixdim(), back.nifti().pixdim());
		assertEquals(img.nifti().qformCode(), back.nifti().qformCode());
		assertArrayEquals(NiftiTest.values(gt.pixels()), NiftiTest.values(back.pixels()));
	}

	@Test
	void readsMedScribbleNpy() {
		Path folder = data("medscribble_2d/ACDC/Challenge2017/patient018_axis2_maxslice");
		ImageData img = ImageFiles.read(folder.resolve("img.npy"));
		ImageData seg = ImageFiles.read(folder.resolve("seg.npy"));
		assertEquals("img", img.name());
		assertArrayEquals(new long[] { 256, 256 }, img.dims());
		assertArrayEquals(new double[] { 1, 1 }, img.spacing());
		assertNull(img.nifti());
		for (FloatType t : seg.pixels())
			assertTrue(t.get() >= 0 && t.get() <= 1);
	}

	@Test
	void pairsAcdcFolder() {
		Path folder = data("acdc_ssl4mis_3d");
		List<ImagePairs.Pair> pairs = ImagePairs.pair(folder.toString(), folder.toString(), "_img", "_gt");
		assertTrue(pairs.size() >= 2);
		assertEquals("patient001_frame01", pairs.get(0).key());
		assertEquals("patient001_frame01_gt.nii.gz", pairs.get(0).label().getFileName().toString());
	}
}
