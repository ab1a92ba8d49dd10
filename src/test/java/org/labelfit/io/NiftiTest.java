package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import net.imglib2.RandomAccess;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;

class NiftiTest {

	@TempDir
	Path dir;

	private static double[] ramp(int n) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = i - 5;
		return v;
	}

	static float at(Img<FloatType> img, long... pos) {
		RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().get();
	}

	@Test
	void readsLittleEndianWithGeometry() throws IOException {
		Path f = new RawNifti().values(2, ramp(24)).write(dir.resolve("vol.nii"));
		ImageData d = Nifti.read(f);
		assertArrayEquals(new long[] { 4, 3, 2 }, d.dims());
		assertArrayEquals(new double[] { 0.7, 0.8, 2.5 }, d.spacing(), 1e-6);
		assertEquals("vol", d.name());
		// x fastest: voxel (x, y, z) is element x + 4y + 12z
		assertEquals(-5f, at(d.pixels(), 0, 0, 0));
		assertEquals(1 + 4 * 2 + 12 - 5, at(d.pixels(), 1, 2, 1));
		NiftiHeader h = d.nifti();
		assertEquals(NiftiDataType.INT16, h.datatype());
		assertEquals(1, h.qformCode());
		assertEquals(2, h.sformCode());
		assertEquals(-1, h.qfac());
		assertArrayEquals(new double[] { 0.1, 0.2, 0.3 }, h.quatern(), 1e-6);
		assertArrayEquals(new double[] { -10, 20, 30 }, h.qoffset(), 1e-6);
		assertArrayEquals(new double[] { 8.5, 9.5, 10.5, 11.5 }, h.srow()[2], 1e-6);
		assertEquals(10, h.xyztUnits());
		assertEquals("test volume", h.descrip());
	}

	@Test
	void readsBigEndianAndGzipByMagicBytes() throws IOException {
		RawNifti raw = new RawNifti();
		raw.order = ByteOrder.BIG_ENDIAN;
		raw.gzip = true;
		// gzip is detected from the content even though the name says .nii
		Path f = raw.values(2, ramp(24)).write(dir.resolve("big.nii"));
		ImageData d = Nifti.read(f);
		assertEquals(-5f, at(d.pixels(), 0, 0, 0));
		assertEquals(18f, at(d.pixels(), 3, 2, 1));
		assertArrayEquals(new double[] { -10, 20, 30 }, d.nifti().qoffset(), 1e-6);
		assertEquals(2, d.nifti().sformCode());
	}

	@Test
	void readsAllDatatypes() throws IOException {
		int[][] types = { { 2, 8 }, { 256, 8 }, { 4, 16 }, { 512, 16 }, { 8, 32 }, { 768, 32 }, { 16, 32 }, { 64, 64 } };
		double[][] values = { { 0, 255 }, { -128, 127 }, { -32768, 32767 }, { 0, 65535 }, { -2e9, 2e9 },
			{ 0, 4e9 }, { -1.5, 2.25 }, { -1e-3, 1e3 } };
		for (int t = 0; t < types.length; t++) {
			RawNifti raw = new RawNifti();
			raw.dim = new short[] { 2, 2, 1, 1, 1, 1, 1, 1 };
			raw.datatype = (short) types[t][0];
			raw.bitpix = (short) types[t][1];
			ImageData d = Nifti.read(raw.values(types[t][1] / 8, values[t]).write(dir.resolve("t" + t + ".nii")));
			assertArrayEquals(new long[] { 2, 1 }, d.dims());
			assertEquals((float) values[t][0], at(d.pixels(), 0, 0), "type " + types[t][0]);
			assertEquals((float) values[t][1], at(d.pixels(), 1, 0), "type " + types[t][0]);
		}
	}

	@Test
	void appliesScalingAndVoxOffset() throws IOException {
		RawNifti raw = new RawNifti();
		raw.slope = 0.5f;
		raw.inter = 10f;
		raw.voxOffset = 400;
		ImageData d = Nifti.read(raw.values(2, ramp(24)).write(dir.resolve("s.nii")));
		assertEquals(-5 * 0.5f + 10, at(d.pixels(), 0, 0, 0));
		assertEquals(18 * 0.5f + 10, at(d.pixels(), 3, 2, 1));
		raw.slope = 0;
		raw.voxOffset = 352;
		d = Nifti.read(raw.write(dir.resolve("noscale.nii")));
		assertEquals(-5f, at(d.pixels(), 0, 0, 0));
	}

	@Test
	void singleVolume4DIsThreeDButTrue4DIsRefused() throws IOException {
		RawNifti raw = new RawNifti();
		raw.dim = new short[] { 4, 4, 3, 2, 1, 1, 1, 1 };
		assertArrayEquals(new long[] { 4, 3, 2 }, Nifti.read(raw.values(2, ramp(24)).write(dir.resolve("a.nii"))).dims());
		raw.dim = new short[] { 4, 4, 3, 1, 2, 1, 1, 1 };
		LabelFitException e = assertThrows(LabelFitException.class, () -> Nifti.read(raw.write(dir.resolve("b.nii"))));
		assertTrue(e.getMessage().contains("b.nii") && e.getMessage().contains("4D"), e.getMessage());
	}

	@Test
	void refusesBrokenFiles() throws IOException {
		RawNifti raw = new RawNifti().values(2, ramp(24));
		raw.data = Arrays.copyOf(raw.data, 30);
		assertMessage("cut.nii", "truncated", () -> Nifti.read(raw.write(dir.resolve("cut.nii"))));
		raw.gzip = true;
		assertMessage("cut.nii.gz", "truncated", () -> Nifti.read(raw.write(dir.resolve("cut.nii.gz"))));

		Path text = Files.writeString(dir.resolve("notes.nii"), "hello, this is not an image".repeat(20));
		assertMessage("notes.nii", "not a NIfTI-1", () -> Nifti.read(text));

		RawNifti pair = new RawNifti().values(2, ramp(24));
		pair.magic = "ni1";
		assertMessage("pair.nii", ".hdr/.img", () -> Nifti.read(pair.write(dir.resolve("pair.nii"))));
		assertMessage("x.hdr", ".hdr/.img", () -> Nifti.read(pair.write(dir.resolve("x.hdr"))));

		RawNifti empty = new RawNifti().values(2, ramp(24));
		empty.dim = new short[] { 3, 4, 0, 2, 1, 1, 1, 1 };
		assertMessage("zero.nii", "invalid size", () -> Nifti.read(empty.write(dir.resolve("zero.nii"))));

		RawNifti huge = new RawNifti().values(2, ramp(24));
		huge.dim = new short[] { 3, 32767, 32767, 32767, 1, 1, 1, 1 };
		assertMessage("huge.nii", "too large", () -> Nifti.read(huge.write(dir.resolve("huge.nii"))));

		RawNifti rgb = new RawNifti().values(2, ramp(24));
		rgb.datatype = 128;
		assertMessage("rgb.nii", "datatype 128", () -> Nifti.read(rgb.write(dir.resolve("rgb.nii"))));

		assertMessage("missing.nii", "not found", () -> Nifti.read(dir.resolve("missing.nii")));
	}

	/** Issue 8, row 5: a 352-byte file declaring 32767 x 32767 voxels is refused before they are allocated. */
	@Test
	void refusesHeadersDeclaringMoreVoxelsThanTheFileHolds() throws IOException {
		RawNifti raw = new RawNifti();
		raw.dim = new short[] { 2, 32767, 32767, 1, 1, 1, 1, 1 };
		raw.data = new byte[0];
		Path nii = raw.write(dir.resolve("scan.nii"));
		assertEquals(352, Files.size(nii));
		assertMessage("scan.nii", "holds only 0 bytes of voxel data, but its header declares 32767 x 32767 voxels (2.1 GB)",
			() -> Nifti.read(nii));
		raw.gzip = true;
		Path gz = raw.write(dir.resolve("scan.nii.gz"));
		assertMessage("scan.nii.gz", "compressed, too little to inflate to the 32767 x 32767 voxels (2.1 GB)", () -> Nifti.read(gz));
	}

	/** A genuine volume too big for the heap gets the heap's message, not an OutOfMemoryError. */
	@Test
	void aGenuineVolumeTooLargeForTheHeapSaysHowMuchItNeeds() throws IOException {
		RawNifti raw = new RawNifti();
		raw.dim = new short[] { 3, 32767, 32767, 2, 1, 1, 1, 1 };
		raw.datatype = 2;
		raw.bitpix = 8;
		raw.data = new byte[0];
		Path nii = raw.write(dir.resolve("huge.nii"));
		try (RandomAccessFile f = new RandomAccessFile(nii.toFile(), "rw")) {
			// sparse: the disk holds none of these zeros
			f.setLength(352 + 2L * 32767 * 32767);
		}
		assertMessage("huge.nii", "32767 x 32767 x 2 voxels needs 8.6 GB, ", () -> Nifti.read(nii));
	}

	static void assertMessage(String name, String part, Executable action) {
		LabelFitException e = assertThrows(LabelFitException.class, action);
		assertTrue(e.getMessage().contains(name) && e.getMessage().contains(part), e.getMessage());
		assertFalse(e.getMessage().contains("\n"), e.getMessage());
	}

	@Test
	void roundTripKeepsGeometryDatatypeAndValues() throws IOException {
		for (String out : new String[] { "out.nii", "out.nii.gz" }) {
			ImageData in = Nifti.read(new RawNifti().values(2, ramp(24)).write(dir.resolve("in.nii")));
			Nifti.write(dir.resolve(out), in.pixels(), in.nifti());
			ImageData back = Nifti.read(dir.resolve(out));
			assertEquals(in.nifti(), back.nifti(), out);
			assertArrayEquals(in.dims(), back.dims());
			assertEquals("out", back.name());
			assertEquals(352, back.nifti().voxOffset());
			for (long z = 0; z < 2; z++)
				assertEquals(at(in.pixels(), 3, 1, z), at(back.pixels(), 3, 1, z));
		}
		byte[] gz = Files.readAllBytes(dir.resolve("out.nii.gz"));
		assertTrue((gz[0] & 0xff) == 0x1f && (gz[1] & 0xff) == 0x8b);
	}

	@Test
	void writesOtherTypesWithRoundingClampingAndScaling() throws IOException {
		Img<FloatType> data = ArrayImgs.floats(new float[] { -3.6f, 0.4f, 2.5f, 70000f }, 2, 2);
		NiftiHeader h = NiftiHeader.create(new long[] { 2, 2 }, new double[] { 0.5, 0.25 }, NiftiDataType.UINT16);
		Nifti.write(dir.resolve("u16.nii"), data, h);
		ImageData back = Nifti.read(dir.resolve("u16.nii"));
		assertEquals(NiftiDataType.UINT16, back.nifti().datatype());
		assertArrayEquals(new double[] { 0.5, 0.25 }, back.spacing(), 1e-6);
		assertArrayEquals(new float[] { 0, 0, 2, 65535 }, values(back.pixels()));
		assertEquals(1, back.nifti().qformCode());

		Nifti.write(dir.resolve("f64.nii"), data, h.withDatatype(NiftiDataType.FLOAT64));
		assertArrayEquals(new float[] { -3.6f, 0.4f, 2.5f, 70000f }, values(Nifti.read(dir.resolve("f64.nii")).pixels()));

		// a header with slope 2, intercept 1 stores (v - 1) / 2
		RawNifti raw = new RawNifti();
		raw.slope = 2;
		raw.inter = 1;
		NiftiHeader scaled = Nifti.read(raw.values(2, ramp(24)).write(dir.resolve("sc.nii"))).nifti();
		Nifti.write(dir.resolve("sc2.nii"), Views.interval(ArrayImgs.floats(new float[] { 5, 7 }, 2, 1, 1), ArrayImgs.floats(2, 1, 1)), scaled);
		assertArrayEquals(new float[] { 5, 7 }, values(Nifti.read(dir.resolve("sc2.nii")).pixels()));
	}

	static float[] values(Img<FloatType> img) {
		float[] v = new float[(int) img.size()];
		int i = 0;
		for (FloatType t : Views.flatIterable(img))
			v[i++] = t.get();
		return v;
	}

	@Test
	void failedWritesLeaveNothing() throws IOException {
		Img<FloatType> data = ArrayImgs.floats(new float[] { 1, 2, 3, 4 }, 2, 2);
		NiftiHeader h = NiftiHeader.create(new long[] { 2, 2 }, new double[] { 1, 1 }, NiftiDataType.FLOAT32);
		Path missing = dir.resolve("nope").resolve("out.nii.gz");
		assertMessage("out.nii.gz", "does not exist", () -> Nifti.write(missing, data, h));
		assertFalse(Files.exists(missing.getParent()));

		// a failure halfway through the data must leave neither the target nor a temporary file
		Path target = dir.resolve("half.nii");
		var failing = Converters.convert((net.imglib2.RandomAccessibleInterval<FloatType>) data, (a, b) -> {
			if (a.get() == 3)
				throw new IllegalStateException("boom");
			b.set(a);
		}, new FloatType());
		assertThrows(RuntimeException.class, () -> Nifti.write(target, failing, h));
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.count());
		}
		assertMessage("out.img", ".nii", () -> Nifti.write(dir.resolve("out.img"), data, h));
	}

	@Test
	void labelHeaderKeepsGeometry() throws IOException {
		NiftiHeader h = Nifti.read(new RawNifti().values(2, ramp(24)).write(dir.resolve("in.nii"))).nifti();
		NiftiHeader l = h.forLabels();
		assertEquals(NiftiDataType.UINT16, l.datatype());
		assertEquals(1, l.sclSlope());
		assertEquals(0, l.sclInter());
		assertArrayEquals(h.srow()[1], l.srow()[1]);
		assertArrayEquals(h.quatern(), l.quatern());
		assertArrayEquals(h.pixdim(), l.pixdim());
		assertEquals(1002, l.intentCode());
		assertArrayEquals(new long[] { 5, 6 }, l.withDims(5, 6).dims());
		assertNull(NiftiDataType.of(128));
	}
}
