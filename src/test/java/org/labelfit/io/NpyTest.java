package org.labelfit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.io.NiftiTest.assertMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.labelfit.LabelFitException;
import org.labelfit.universeg.UniverSegConfig;
import org.labelfit.universeg.UniverSegWeights;

/** Sizes in .npy headers are checked before anything is allocated for them. */
class NpyTest {

	@TempDir
	Path dir;

	private static Npy.Array array(byte[] bytes, long maxElements) throws IOException {
		return Npy.readArray(new ByteArrayInputStream(bytes), "w.npz:x.npy", maxElements);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(a);
		out.writeBytes(b);
		return out.toByteArray();
	}

	@Test
	void readsArraysLargerThanTheFirstAllocation() throws IOException {
		int n = 200_003;
		ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i++) b.putFloat(i * 0.5f);
		Npy.Array a = array(concat(RawNpy.header("<f4", "(" + n + ",)"), b.array()), n);
		assertArrayEquals(new long[] { n }, a.shape());
		assertEquals(n, a.data().length);
		assertEquals(100_001f, a.data()[n - 1]);
		assertEquals(0.5f, a.data()[1]);
		assertEquals(0, array(RawNpy.header("<f4", "(0, 3)"), 10).data().length);
		assertEquals(1, array(concat(RawNpy.header("<f8", "()"), new byte[8]), 10).data().length);
	}

	/** Issue 8, row 3: 2^28 doubles are 2^31 bytes, which overflowed an int. */
	@Test
	void aHeaderDeclaring2GBOfDoublesWithoutThemIsTruncatedNotAnOverflow() {
		byte[] header = RawNpy.header("<f8", "(268435456,)");
		for (long max : new long[] { 1L << 28, Long.MAX_VALUE })
			assertMessage("w.npz:x.npy", "truncated", () -> array(header, max));
		assertMessage("w.npz:x.npy", "more than the 1000 expected", () -> array(header, 1000));
	}

	/** Issue 8, row 4: the product of the shape overflows a long. */
	@Test
	void aShapeWhoseProductOverflowsIsRefused() throws IOException {
		byte[] header = RawNpy.header("<f4", "(2147483648, 8589934591)");
		assertMessage("w.npz:x.npy", "too large", () -> array(header, Long.MAX_VALUE));
		Path image = Files.write(dir.resolve("big.npy"), header);
		assertMessage("big.npy", "too large", () -> ImageFiles.read(image));
		assertMessage("w.npz:x.npy", "more than one array", () -> array(RawNpy.header("<f4", "(65536, 65536)"), Long.MAX_VALUE));
	}

	@Test
	void theUniverSegImporterRefusesALyingNpzEntry() throws IOException {
		Path npz = dir.resolve("w.npz");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
			zip.putNextEntry(new ZipEntry("x.npy"));
			zip.write(RawNpy.header("<f8", "(268435456,)"));
		}
		assertMessage("w.npz:x.npy", "truncated", () -> UniverSegWeights.read(npz, UniverSegConfig.v1()));
	}

	/** Issue 8, row 5: a 128-byte file declaring 32767 x 32767 floats. */
	@Test
	void anImageLargerThanItsFileIsRefusedBeforeAllocating() throws IOException {
		Path small = Files.write(dir.resolve("small.npy"), RawNpy.header("<f4", "(32767, 32767)"));
		assertEquals(128, Files.size(small));
		assertMessage("small.npy", "holds only 0 bytes of voxel data, but its header declares 32767 x 32767 voxels (4.3 GB)",
			() -> ImageFiles.read(small));
	}

	/** A genuine volume too big for the heap gets the heap's message, not an OutOfMemoryError. */
	@Test
	void aGenuineVolumeTooLargeForTheHeapSaysHowMuchItNeeds() throws IOException {
		Path huge = Files.write(dir.resolve("huge.npy"), RawNpy.header("|u1", "(2, 32767, 32767)"));
		try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
			// sparse: the disk holds none of these zeros
			f.setLength(f.length() + 2L * 32767 * 32767);
		}
		assertMessage("huge.npy", "32767 x 32767 x 2 voxels needs 8.6 GB, ", () -> ImageFiles.read(huge));
	}

	@Test
	void headerTextIsQuotedOnOneLine() throws IOException {
		Path evil = Files.write(dir.resolve("evil.npy"), RawNpy.header("<x\n\u001b[2J" + "y".repeat(200), "(2, 2)"));
		LabelFitException e = assertThrows(LabelFitException.class, () -> ImageFiles.read(evil));
		assertTrue(e.getMessage().contains("type <x\\n\\u001b[2Jyyy") && e.getMessage().contains("y…;"), e.getMessage());
		assertTrue(e.getMessage().length() < 250, e.getMessage());
		Path shape = Files.write(dir.resolve("shape.npy"), RawNpy.header("<f4", "(2,\r\n x)"));
		assertMessage("shape.npy", "(shape (2,\\r\\n x))", () -> ImageFiles.read(shape));
	}
}
