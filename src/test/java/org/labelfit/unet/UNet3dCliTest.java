package org.labelfit.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.cli.Main;
import org.labelfit.io.ImageData;
import org.labelfit.io.Nifti;
import org.labelfit.io.NiftiDataType;
import org.labelfit.io.NiftiHeader;

/** {@code labelfit unet train --dims 3} then {@code labelfit unet label} on NIfTI volumes, and what they refuse. */
class UNet3dCliTest {

	private static final long[] DIMS = { 20, 12, 9 };
	private static final double[] SPACING = { 0.5, 0.75, 2 };

	/** A 20×12×9 volume with a box of label 3 at x ≥ 10 and its labels, as NIfTI. */
	private static void pair(Path dir, String name) {
		int n = (int) (DIMS[0] * DIMS[1] * DIMS[2]);
		float[] image = new float[n], labels = new float[n];
		for (int i = 0; i < n; i++) {
			boolean in = i % DIMS[0] >= 10;
			image[i] = in ? 5 : 1 + (i % 7) * 0.01f;
			labels[i] = in ? 3 : 0;
		}
		Nifti.write(dir.resolve(name + "_img.nii.gz"), ArrayImgs.floats(image, DIMS), NiftiHeader.create(DIMS, SPACING, NiftiDataType.FLOAT32));
		Nifti.write(dir.resolve(name + "_gt.nii.gz"), ArrayImgs.floats(labels, DIMS), NiftiHeader.create(DIMS, SPACING, NiftiDataType.FLOAT32));
	}

	@Test
	void trainThenLabelAVolumeOnItsGrid(@TempDir Path dir) {
		pair(dir, "a");
		pair(dir, "b");
		Path model = dir.resolve("u3.labelfit");
		String images = dir + "/*_img.nii.gz", labels = dir + "/*_gt.nii.gz";
		UNetCliTest.Result t = UNetCliTest.run("unet", "train", "--dims", "3", "--images", images, "--image-suffix", "_img", "--labels", labels,
			"--label-suffix", "_gt", "--depth", "2", "--features", "2", "--patch", "8,8,4", "--epochs", "3", "--seed", "5", "--out",
			model.toString(), "--device", "cpu");
		assertEquals(Main.OK, t.code(), t.err());
		UNetModel m = UNetModelFile.load(model);
		assertEquals(3, m.config().dims());
		assertEquals(2, m.config().classes());
		assertArrayEquals(new int[] { 8, 8, 4 }, m.patch());
		assertEquals(java.util.List.of("background", "foreground"), m.classNames());
		assertEquals("any", m.provenance().get("label"));
		assertEquals(3.0, m.provenance().get("epochs_run"));
		// two volumes, two patches a step: one step an epoch
		assertEquals(3.0, m.provenance().get("steps"));
		@SuppressWarnings("unchecked")
		Map<String, Object> settings = (Map<String, Object>) m.provenance().get("settings");
		assertEquals(5.0, settings.get("seed"));
		assertEquals(2.0, settings.get("batchSize"));

		Path out = dir.resolve("a_labels.nii.gz");
		UNetCliTest.Result l = UNetCliTest.run("unet", "label", "--model", model.toString(), "--input", dir.resolve("a_img.nii.gz").toString(),
			"--output", out.toString(), "--device", "cpu");
		assertEquals(Main.OK, l.code(), l.err());
		ImageData labelled = Nifti.read(out);
		assertArrayEquals(DIMS, labelled.dims());
		assertArrayEquals(SPACING, labelled.spacing());
		for (short[] plane : labelled.labelPlanes()) for (short v : plane) assertTrue(v == 0 || v == 1);
	}

	@Test
	void refusesA2dImageForA3dNetworkInOneLine(@TempDir Path dir) {
		IJ.saveAsTiff(new ImagePlus("flat", new FloatProcessor(16, 16)), dir.resolve("flat_img.tif").toString());
		IJ.saveAsTiff(new ImagePlus("flat", new FloatProcessor(16, 16)), dir.resolve("flat_gt.tif").toString());
		Path model = dir.resolve("x.labelfit");
		UNetCliTest.Result r = UNetCliTest.run("unet", "train", "--dims", "3", "--images", dir + "/*_img.tif", "--image-suffix", "_img",
			"--labels", dir + "/*_gt.tif", "--label-suffix", "_gt", "--out", model.toString(), "--device", "cpu");
		assertEquals(Main.USAGE, r.code());
		assertFalse(r.err().strip().contains("\n"), r.err());
		assertTrue(r.err().strip().endsWith("flat_img is a 2D image; the 3D U-Net segments volumes"), r.err());
		assertFalse(Files.exists(model));
		UNetCliTest.Result odd = UNetCliTest.run("unet", "train", "--dims", "3", "--images", dir + "/*_img.tif", "--labels", dir + "/*_gt.tif",
			"--patch", "64,64,30", "--out", model.toString());
		assertEquals(Main.USAGE, odd.code());
		assertTrue(odd.err().contains("patch sides must be multiples of 16"), odd.err());
		UNetCliTest.Result label2d = UNetCliTest.run("unet", "train", "--images", dir + "/*_img.tif", "--labels", dir + "/*_gt.tif",
			"--label", "2", "--out", model.toString());
		assertEquals(Main.USAGE, label2d.code());
		assertTrue(label2d.err().contains("--label is for 3D U-Nets"), label2d.err());
	}
}
