package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The NIfTI-1 header fields a reader sizes, types and seeks by (offsets from the NIfTI-1 standard). */
final class NiftiFields {

	private static final int HEADER = 348;
	private static final long[] DATATYPES = { 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2304 };

	private static final long[] SIZES = { 1, 2, 1000, 4096, 16384, 32767 };

	private NiftiFields() {}

	/** Corrupts one header field, or declares a whole new 2D or 3D size. */
	static List<Mutation> mutations() {
		return List.of(Field.corrupting(NiftiFields::locate), NiftiFields::declareSize);
	}

	/**
	 * Sizes of up to 32767³ in a file of a few hundred bytes: one field at a time rarely makes a volume too large to
	 * hold, and a reader must refuse it before allocating, whatever the data that follows.
	 */
	static byte[] declareSize(byte[] file, Random random) {
		if (file.length < HEADER) return ByteMutations.overwriteInteresting(file, random);
		byte[] out = file.clone();
		ByteOrder order = order(file);
		int rank = 2 + random.nextInt(2);
		Bytes.put(out, 40, 2, order, rank);
		for (int d = 1; d <= rank; d++) Bytes.put(out, 40 + 2 * d, 2, order, SIZES[random.nextInt(SIZES.length)]);
		return out;
	}

	static List<Field> locate(byte[] file) {
		if (file.length < HEADER) return List.of();
		ByteOrder order = order(file);
		List<Field> fields = new ArrayList<>();
		fields.add(Field.integer("sizeof_hdr", 0, 4, order, HEADER, 540, Integer.reverseBytes(HEADER)));
		for (int d = 0; d < 8; d++)
			fields.add(Field.integer("dim[" + d + "]", 40 + 2 * d, 2, order, 0, 1, 2, 3, 4, 7, 8, 32767, -32768, -1));
		fields.add(Field.integer("datatype", 70, 2, order, DATATYPES));
		fields.add(Field.integer("bitpix", 72, 2, order, 0, 1, 8, 16, 24, 32, 64, 128));
		for (int d = 1; d < 4; d++)
			fields.add(Field.floating("pixdim[" + d + "]", 76 + 4 * d, order));
		fields.add(Field.floating("vox_offset", 108, order));
		fields.add(Field.floating("scl_slope", 112, order));
		fields.add(Field.floating("scl_inter", 116, order));
		fields.add(Field.integer("magic", 344, 4, ByteOrder.BIG_ENDIAN, 0x6e2b3100L, 0x6e693100L, 0x6e2b3200L));
		if (file.length >= HEADER + 4)
			fields.add(Field.integer("extension", HEADER, 4, order, 1, 0x01000000L));
		return fields;
	}

	private static ByteOrder order(byte[] file) {
		return Bytes.get(file, 0, 4, ByteOrder.LITTLE_ENDIAN) == HEADER ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
	}
}
