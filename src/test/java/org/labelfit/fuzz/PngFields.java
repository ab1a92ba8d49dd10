package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** PNG's chunk lengths and IHDR fields, and the chunk checksums a decoder may check before it looks any further. */
final class PngFields {

	private static final int SIGNATURE = 8;
	private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

	private PngFields() {}

	static List<Field> locate(byte[] file) {
		List<Field> fields = new ArrayList<>();
		for (int at = SIGNATURE; at + 12 <= file.length;) {
			long length = Bytes.get(file, at, 4, BE);
			fields.add(Field.integer("chunk length", at, 4, BE, 0, 1, file.length, 0x7fffffff, 0xffffffffL));
			if (at == SIGNATURE && length == 13 && at + 25 <= file.length) {
				fields.add(Field.integer("width", at + 8, 4, BE, 0, 1, 65535, 1 << 24, 0x7fffffff));
				fields.add(Field.integer("height", at + 12, 4, BE, 0, 1, 65535, 1 << 24, 0x7fffffff));
				fields.add(Field.integer("bit depth", at + 16, 1, BE, 1, 2, 4, 8, 16, 32));
				fields.add(Field.integer("colour type", at + 17, 1, BE, 0, 2, 3, 4, 6, 7));
				fields.add(Field.integer("interlace", at + 20, 1, BE, 0, 1, 2));
			}
			if (length > file.length) break;
			at += 12 + (int) length;
		}
		return fields;
	}

	/** Recomputes every chunk's CRC, so that damage inside a chunk reaches the decoder behind the checksum. */
	static byte[] fixCrcs(byte[] file) {
		byte[] out = file.clone();
		for (int at = SIGNATURE; at + 12 <= out.length;) {
			long length = Bytes.get(out, at, 4, BE);
			if (at + 12 + length > out.length) break;
			CRC32 crc = new CRC32();
			crc.update(out, at + 4, 4 + (int) length);
			Bytes.put(out, at + 8 + (int) length, 4, BE, crc.getValue());
			at += 12 + (int) length;
		}
		return out;
	}
}
