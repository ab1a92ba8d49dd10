package org.labelfit.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds NIfTI-1 files byte by byte, independently of the code under test. */
final class RawNifti {

	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	short[] dim = { 3, 4, 3, 2, 1, 1, 1, 1 };
	float[] pixdim = { -1f, 0.7f, 0.8f, 2.5f, 1f, 1f, 1f, 1f };
	short datatype = 4;
	short bitpix = 16;
	float voxOffset = 352;
	float slope = 0;
	float inter = 0;
	String magic = "n+1";
	boolean gzip;
	/** Voxel bytes in the file's byte order. */
	byte[] data;

	/** Writes voxel values with the given encoder into {@link #data}. */
	RawNifti values(int bytesPerVoxel, double[] values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * bytesPerVoxel).order(order);
		for (double v : values)
			switch (datatype) {
				case 2, 256 -> b.put((byte) v);
				case 4, 512 -> b.putShort((short) v);
				case 8, 768 -> b.putInt((int) (long) v);
				case 16 -> b.putFloat((float) v);
				case 64 -> b.putDouble(v);
				default -> throw new IllegalStateException();
			}
		data = b.array();
		return this;
	}

	byte[] header() {
		ByteBuffer b = ByteBuffer.allocate(348).order(order);
		b.putInt(0, 348);
		for (int i = 0; i < 8; i++)
			b.putShort(40 + 2 * i, dim[i]);
		b.putShort(70, datatype);
		b.putShort(72, bitpix);
		for (int i = 0; i < 8; i++)
			b.putFloat(76 + 4 * i, pixdim[i]);
		b.putFloat(108, voxOffset);
		b.putFloat(112, slope);
		b.putFloat(116, inter);
		b.put(123, (byte) 10);
		byte[] descrip = "test volume".getBytes();
		b.put(148, descrip);
		b.putShort(252, (short) 1);
		b.putShort(254, (short) 2);
		float[] q = { 0.1f, 0.2f, 0.3f, -10f, 20f, 30f };
		for (int i = 0; i < q.length; i++)
			b.putFloat(256 + 4 * i, q[i]);
		for (int i = 0; i < 12; i++)
			b.putFloat(280 + 4 * i, i + 0.5f);
		b.put(344, magic.getBytes());
		return b.array();
	}

	Path write(Path file) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(header());
		bytes.write(new byte[(int) voxOffset - 348]);
		bytes.write(data);
		try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
			out.write(bytes.toByteArray());
		}
		return file;
	}
}
