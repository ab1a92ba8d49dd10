package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A numeric header field at a known offset: what a reader trusts for sizes, types and offsets.
 *
 * @param floating a 4-byte IEEE float (NIfTI's vox_offset, scl_slope) rather than an integer
 * @param candidates values that mean something for this field in particular (an IFD's own offset, a compression code)
 */
record Field(String name, int offset, int width, ByteOrder order, boolean floating, long... candidates) {

	static Field integer(String name, int offset, int width, ByteOrder order, long... candidates) {
		return new Field(name, offset, width, order, false, candidates);
	}

	static Field floating(String name, int offset, ByteOrder order) {
		return new Field(name, offset, 4, order, true);
	}

	/** Overwrites one of the fields {@code locate} finds; a file it cannot parse gets an edge value anywhere instead. */
	static Mutation corrupting(Function<byte[], List<Field>> locate) {
		return (file, random) -> {
			List<Field> fields = locate.apply(file);
			if (fields.isEmpty()) return ByteMutations.overwriteInteresting(file, random);
			byte[] out = file.clone();
			fields.get(random.nextInt(fields.size())).corrupt(out, random);
			return out;
		};
	}

	void corrupt(byte[] file, Random random) {
		if (offset + width > file.length) return;
		long value;
		if (candidates.length > 0 && random.nextInt(3) == 0) value = candidates[random.nextInt(candidates.length)];
		else if (floating) value = Float.floatToRawIntBits(Interesting.floating(random));
		else value = Interesting.near(Bytes.get(file, offset, width, order), random);
		Bytes.put(file, offset, width, order, value);
	}
}
