package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.io.Nifti;
import org.labelfit.io.NiftiDataType;
import org.labelfit.io.NiftiHeader;

/** z-score, centred padding, resampling and the way back, against hand values. */
class OssNetVolumeTest {

	@TempDir
	Path dir;

	/** A 3D image of size x × y × z whose voxel (x, y, z) is {@code value(x, y, z)}. */
	interface Voxel {
		float at(int x, int y, int z);
	}

	static ImageData volume(int nx, int ny, int nz, Voxel v) {
		List<float[]> planes = new ArrayList<>();
		for (int z = 0; z < nz; z++) {
			float[] p = new float[nx * ny];
			for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) p[y * nx + x] = v.at(x, y, z);
			planes.add(p);
		}
		return new ImageData(Images.floatImg(planes, nx, ny), new double[] { 1, 1, 1 }, null, "scan");
	}

	static OssNetConfig config(int channels, int gx, int gy, int gz) {
		return new OssNetConfig(OssNetVariant.A, channels, 1, new OssNetConfig.Grid(gx, gy, gz));
	}

	@Test
	void zScoresThenPadsCentred() {
		// 3×2×2 into 4×4×4: ⌈1/2⌉ = 1 before on x, ⌈2/2⌉ = 1 on y and z (the official F.pad puts the odd voxel first)
		ImageData image = volume(3, 2, 2, (x, y, z) -> x + 10 * y + 100 * z);
		List<String> log = new ArrayList<>();
		OssNetVolume v = OssNetVolume.of(List.of(image), config(1, 4, 4, 4), log::add);
		// by hand: mean 1 + 5 + 50 = 56; squares 4·2 + 12·25 + 12·2500 = 30308 (cross terms cancel); unbiased over 11
		double mean = 56, std = Math.sqrt(30308.0 / 11);
		float[] expected = new float[64];
		for (int x = 0; x < 3; x++)
			for (int y = 0; y < 2; y++)
				for (int z = 0; z < 2; z++) expected[(x + 1) * 16 + (y + 1) * 4 + z + 1] = (float) ((x + 10 * y + 100 * z - mean) / std);
		assertArrayEquals(expected, v.values(), 1e-6f);
		assertTrue(log.isEmpty(), log.toString());
		assertEquals(1f, Images.floatPlanes(image.pixels())[0][1], "the image itself is not normalised");
	}

	@Test
	void labelsGoToTheGridAndBackUnchanged() {
		ImageData image = volume(5, 3, 6, (x, y, z) -> x * y + z);
		ImageData labels = volume(5, 3, 6, (x, y, z) -> (x + y + z) % 3);
		OssNetVolume v = OssNetVolume.of(List.of(image), config(1, 8, 8, 8), s -> {});
		byte[] target = v.target(labels, null);
		// padding 2/1, 3/2, 1/1; any label > 0 is foreground
		assertEquals(1, target[(2 + 1) * 64 + (3 + 0) * 8 + 1 + 0]);
		assertEquals(0, target[(2 + 1) * 64 + (3 + 1) * 8 + 1 + 1]);
		assertEquals(0, target[0]);
		Img<UnsignedShortType> back = v.back(target);
		assertArrayEquals(new long[] { 5, 3, 6 }, back.dimensionsAsLongArray());
		short[][] planes = Images.shortPlanes(back);
		for (int z = 0; z < 6; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 5; x++) assertEquals((x + y + z) % 3 > 0 ? 1 : 0, planes[z][y * 5 + x]);
		byte[] two = v.target(labels, 2);
		assertEquals(0, two[(2 + 1) * 64 + (3 + 0) * 8 + 1 + 0], "label 1 is background for --label 2");
		assertEquals(1, two[(2 + 2) * 64 + (3 + 0) * 8 + 1 + 0]);
	}

	@Test
	void resamplesAxesLargerThanTheGrid() {
		// x: 8 → 4 linear (align_corners = false: grid voxel g is the mean of input 2g and 2g + 1); y, z padded
		ImageData image = volume(8, 2, 2, (x, y, z) -> x);
		List<String> log = new ArrayList<>();
		OssNetVolume v = OssNetVolume.of(List.of(image), config(1, 4, 4, 4), log::add);
		double std = Math.sqrt(4 * 42.0 / 31); // Σ(x − 3.5)² = 42 per row, 4 rows, 32 voxels
		for (int g = 0; g < 4; g++) assertEquals((2 * g + 0.5 - 3.5) / std, v.values()[g * 16 + 1 * 4 + 1], 1e-6, "x = " + g);
		assertEquals(0, v.values()[0]);
		assertEquals(1, log.size());
		assertTrue(log.get(0).contains("along x"), log.get(0));
		// labels constant on pairs along x come back exactly (nearest both ways)
		ImageData labels = volume(8, 2, 2, (x, y, z) -> x / 2 % 2);
		short[][] back = Images.shortPlanes(v.back(v.target(labels, null)));
		for (int x = 0; x < 8; x++) assertEquals(x / 2 % 2, back[1][8 + x]);
	}

	@Test
	void constantChannelBecomesZerosAndIsLogged() {
		List<String> log = new ArrayList<>();
		OssNetVolume v = OssNetVolume.of(List.of(volume(4, 4, 4, (x, y, z) -> x), volume(4, 4, 4, (x, y, z) -> 7)), config(2, 4, 4, 4), log::add);
		for (int i = 64; i < 128; i++) assertEquals(0, v.values()[i]);
		assertEquals(1, log.size());
		assertTrue(log.get(0).contains("channel 2 is constant"));
	}

	@Test
	void badInputIsOneLine() {
		ImageData flat = new ImageData(ArrayImgs.floats(new float[16], 4, 4), new double[] { 1, 1 }, null, "slice");
		assertEquals("slice is a 2D image; OSS-Net segments 3D volumes",
			assertThrows(LabelFitException.class, () -> OssNetVolume.of(List.of(flat), config(1, 4, 4, 4), s -> {})).getMessage());
		ImageData one = volume(4, 4, 4, (x, y, z) -> x);
		String m = assertThrows(LabelFitException.class, () -> OssNetVolume.of(List.of(one), config(4, 4, 4, 4), s -> {})).getMessage();
		assertEquals("scan has 1 channel, the model takes 4 (give a 4D NIfTI, last axis = channel, or a hyperstack)", m);
		OssNetVolume v = OssNetVolume.of(List.of(one), config(1, 4, 4, 4), s -> {});
		assertThrows(LabelFitException.class, () -> v.target(volume(4, 4, 3, (x, y, z) -> 0), null));
		assertThrows(LabelFitException.class, () -> v.target(volume(4, 4, 4, (x, y, z) -> 0.5f), null));
	}

	@Test
	void readsChannelsOfA4dNiftiAndOfAHyperstack() {
		int nx = 3, ny = 2, nz = 2, nc = 2;
		float[] data = new float[nx * ny * nz * nc];
		IntUnaryOperator value = i -> i * 3 + 1;
		for (int i = 0; i < data.length; i++) data[i] = value.applyAsInt(i);
		Path file = dir.resolve("multi.nii.gz");
		long[] dims = { nx, ny, nz, nc };
		Nifti.write(file, ArrayImgs.floats(data, dims), NiftiHeader.create(dims, new double[] { 0.5, 0.5, 2 }, NiftiDataType.FLOAT32));
		List<ImageData> channels = OssNetImages.read(file);
		assertEquals(2, channels.size());
		for (int c = 0; c < nc; c++) {
			assertArrayEquals(new long[] { nx, ny, nz }, channels.get(c).dims());
			assertArrayEquals(new double[] { 0.5, 0.5, 2 }, channels.get(c).spacing());
			float[][] planes = Images.floatPlanes(channels.get(c).pixels());
			for (int z = 0; z < nz; z++)
				for (int i = 0; i < nx * ny; i++) assertEquals(value.applyAsInt((c * nz + z) * nx * ny + i), planes[z][i]);
		}
		// a hyperstack of 2 channels × 3 slices, interleaved as ImageJ stores it (czt order)
		ImageStack stack = new ImageStack(2, 2);
		for (int i = 0; i < 6; i++) stack.addSlice(new FloatProcessor(2, 2, new float[] { i, i, i, i }));
		ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(2, 3, 1);
		List<ImageData> hyper = OssNetImages.channels(imp, "hyper");
		assertEquals(2, hyper.size());
		assertEquals(4f, Images.floatPlanes(hyper.get(0).pixels())[2][0], "channel 1, slice 3");
		assertEquals(3f, Images.floatPlanes(hyper.get(1).pixels())[1][0], "channel 2, slice 2");
		Path flat = dir.resolve("flat.nii");
		Nifti.write(flat, ArrayImgs.floats(new float[4], 2, 2), NiftiHeader.create(new long[] { 2, 2 }, new double[] { 1, 1 }, NiftiDataType.FLOAT32));
		assertThrows(LabelFitException.class, () -> OssNetImages.read(flat));
	}
}
