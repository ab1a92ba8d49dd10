package org.labelfit.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes .npz files as NumPy does, for the tests of the weight importers. */
public final class NpzFiles {

	private NpzFiles() {}

	/** NumPy's savez: a zip of NAME.npy entries, format 1.0, '<f4', C order. */
	public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
		try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
			for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
				zip.write(npy(e.getValue()));
				zip.closeEntry();
			}
		}
	}

	static byte[] npy(Tensor t) {
		StringBuilder shape = new StringBuilder();
		for (long d : t.shape()) shape.append(d).append(", ");
		String dims = t.rank() == 1 ? shape.toString().trim() : t.rank() == 0 ? "" : shape.substring(0, shape.length() - 2);
		StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
		while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
		header.append('\n');
		ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) header.length());
		b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
		for (float x : t.data()) b.putFloat(x);
		return b.array();
	}
}
