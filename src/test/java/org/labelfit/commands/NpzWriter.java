package org.labelfit.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.labelfit.model.Tensor;

/** Writes NumPy .npz archives as numpy.savez does (float32, C order, .npy format 1.0), zeros for every array. */
final class NpzWriter {

	private NpzWriter() {}

	/** One zero array per name of {@code shapes}, except {@code leaveOut} (null for none). */
	static void write(Path file, Map<String, long[]> shapes, String leaveOut) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			for (Map.Entry<String, long[]> e : shapes.entrySet()) {
				if (e.getKey().equals(leaveOut)) continue;
				zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
				npy(zip, e.getValue(), new float[(int) Tensor.elementCount(e.getValue())]);
				zip.closeEntry();
			}
		}
	}

	/** Magic, version 1.0, the header dict padded with spaces and a newline to a multiple of 64 bytes, then the data. */
	static void npy(OutputStream out, long[] shape, float[] data) throws IOException {
		String dims = LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
		StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? ",)" : ")")
			+ ", }");
		while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
		header.append('\n');
		ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
		head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
		out.write(head.array());
		out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
		ByteBuffer body = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float v : data) body.putFloat(v);
		out.write(body.array());
	}
}
