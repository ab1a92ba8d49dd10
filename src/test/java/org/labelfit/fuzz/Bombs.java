package org.labelfit.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.labelfit.fuzz.ZipArchive.Member;

/**
 * Zip members of about 1 MB that inflate to one 1 GiB float32 tensor of zeros: under every size cap LabelFit has
 * (2 GiB for model weights, 1 GiB for UniverSeg state dicts), truthful in every header, and still more than a 1 GB
 * heap can hold twice (issue 8, row 7). Deflated once per JVM: that takes seconds.
 */
final class Bombs {

	private static final long ELEMENTS = 1L << 28;
	private static final int CHUNK = 1 << 20;

	private Bombs() {}

	private static final class Holder {
		static final Member WEIGHTS = deflated("weights.safetensors", safetensorsHeader());
		static final Member ARRAY = deflated("bomb.npy", npyHeader());
	}

	/** A safetensors file of one F32 tensor "bomb" of 2^28 zeros. */
	static Member weights() {
		return Holder.WEIGHTS;
	}

	/** An .npy of shape (268435456,) '<f4', all zeros. */
	static Member array() {
		return Holder.ARRAY;
	}

	private static byte[] safetensorsHeader() {
		String json = "{\"bomb\":{\"dtype\":\"F32\",\"shape\":[" + ELEMENTS + "],\"data_offsets\":[0," + 4 * ELEMENTS + "]}}";
		byte[] header = (json + " ".repeat((8 - json.length() % 8) % 8)).getBytes(StandardCharsets.US_ASCII);
		byte[] out = new byte[8 + header.length];
		Bytes.put(out, 0, 8, ByteOrder.LITTLE_ENDIAN, header.length);
		System.arraycopy(header, 0, out, 8, header.length);
		return out;
	}

	private static byte[] npyHeader() {
		StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + ELEMENTS + ",), }");
		while ((10 + dict.length() + 1) % 64 != 0) dict.append(' ');
		dict.append('\n');
		byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
		byte[] out = new byte[10 + text.length];
		out[0] = (byte) 0x93;
		System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
		out[6] = 1;
		Bytes.put(out, 8, 2, ByteOrder.LITTLE_ENDIAN, text.length);
		System.arraycopy(text, 0, out, 10, text.length);
		return out;
	}

	/** {@code header} followed by 4·2^28 zero bytes, deflated in chunks (the whole content never exists at once). */
	private static Member deflated(String name, byte[] header) {
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
		CRC32 crc = new CRC32();
		ByteArrayOutputStream raw = new ByteArrayOutputStream(2 << 20);
		byte[] buffer = new byte[CHUNK];
		byte[] zeros = new byte[CHUNK];
		try {
			crc.update(header);
			deflater.setInput(header);
			drain(deflater, raw, buffer);
			for (long left = 4 * ELEMENTS; left > 0; left -= CHUNK) {
				crc.update(zeros);
				deflater.setInput(zeros);
				drain(deflater, raw, buffer);
			}
			deflater.finish();
			while (!deflater.finished()) raw.write(buffer, 0, deflater.deflate(buffer));
		}
		finally {
			deflater.end();
		}
		return new Member(name, ZipArchive.DEFLATED, null, raw.toByteArray(), crc.getValue(), header.length + 4 * ELEMENTS);
	}

	private static void drain(Deflater deflater, ByteArrayOutputStream raw, byte[] buffer) {
		while (!deflater.needsInput()) raw.write(buffer, 0, deflater.deflate(buffer));
	}
}
