package org.labelfit.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.image.LabelImages;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Writes a small phantom data set as ImageJ TIFFs:
 * <pre>
 * dir/classes.txt                         one class name per line, label 0 first
 * dir/train/images/subject_000.tif ...    32-bit 2D images
 * dir/train/labels/subject_000.tif ...    16-bit label images with LUT and class names
 * dir/test/images/..., dir/test/labels/...
 * dir/phantom3d/images/phantom3d_000.tif  32-bit 48×48×32 stack, labels likewise
 * </pre>
 * Training subject i is phantom {@code i} and test subject i is phantom {@link #TEST_OFFSET} + i, so neither
 * set changes when the other's count does.
 */
public final class SampleData {

	public static final int TEST_OFFSET = 1_000_000;

	public static final int SIZE_3D = 48, DEPTH_3D = 32;

	private SampleData() {
	}

	public static void write(Path dir, long seed, int trainCount, int testCount, int size) {
		if (trainCount < 0 || testCount < 0)
			throw new LabelFitException("subject counts must not be negative");
		if (size < 16)
			throw new LabelFitException("phantom size must be at least 16 pixels, got " + size);
		try {
			Files.createDirectories(dir);
			Files.write(dir.resolve("classes.txt"), Phantoms.CLASS_NAMES, StandardCharsets.UTF_8);
			for (int i = 0; i < trainCount; i++)
				save(dir.resolve("train"), "subject_%03d".formatted(i), Phantoms.generate2D(seed, i, size));
			for (int i = 0; i < testCount; i++)
				save(dir.resolve("test"), "subject_%03d".formatted(i), Phantoms.generate2D(seed, TEST_OFFSET + i, size));
			save(dir.resolve("phantom3d"), "phantom3d_000", Phantoms.generate3D(seed, 0, SIZE_3D, DEPTH_3D));
		}
		catch (IOException e) {
			throw new LabelFitException("cannot write sample data to " + dir + ": " + e.getMessage(), e);
		}
	}

	private static void save(Path split, String name, Subject s) throws IOException {
		ImagePlus image = Images.floatToImagePlus(s.imageImg(), name);
		ImagePlus labels = LabelImages.labelImage(s.labelImg(), Phantoms.CLASS_NAMES,
			LabelImages.defaultColors(Phantoms.CLASS_NAMES.size()), name, null);
		saveTiff(image, split.resolve("images").resolve(name + ".tif"));
		saveTiff(labels, split.resolve("labels").resolve(name + ".tif"));
	}

	private static void saveTiff(ImagePlus imp, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		FileSaver saver = new FileSaver(imp);
		boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(file.toString()) : saver.saveAsTiff(file.toString());
		if (!ok)
			throw new IOException("could not save " + file);
	}
}
