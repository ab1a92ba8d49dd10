package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Safetensors damage: the 8-byte header length, and crafted JSON in the header (edge shapes and data_offsets, deep
 * nesting, odd keys), mostly re-framed with a correct length so that the damage reaches the JSON checks.
 */
final class SafetensorsMutations {

	private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

	private SafetensorsMutations() {}

	static List<Mutation> all() {
		List<Mutation> all = new ArrayList<>();
		all.add(Field.corrupting(SafetensorsMutations::locate));
		for (Mutation json : JsonMutations.all()) all.add((file, random) -> header(file, random, json));
		return all;
	}

	static List<Field> locate(byte[] file) {
		if (file.length < 8) return List.of();
		return List.of(Field.integer("header length", 0, 8, LE, 0, 1, 2, file.length, file.length - 8, file.length - 7,
			100L << 20, (100L << 20) + 1, 0x7fffffffL, Long.MIN_VALUE));
	}

	private static byte[] header(byte[] file, Random random, Mutation json) {
		long length = file.length < 8 ? -1 : Bytes.get(file, 0, 8, LE);
		// compared without adding to length, which a mutated header may set near Long.MAX_VALUE
		if (length < 0 || length > file.length - 8) return ByteMutations.flipBytes(file, random);
		byte[] header = json.apply(Arrays.copyOfRange(file, 8, 8 + (int) length), random);
		byte[] out = new byte[8 + header.length + file.length - 8 - (int) length];
		System.arraycopy(header, 0, out, 8, header.length);
		System.arraycopy(file, 8 + (int) length, out, 8 + header.length, file.length - 8 - (int) length);
		Bytes.put(out, 0, 8, LE, random.nextInt(5) == 0 ? length : header.length);
		return out;
	}
}
