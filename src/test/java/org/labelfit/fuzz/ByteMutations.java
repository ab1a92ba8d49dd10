package org.labelfit.fuzz;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Format-blind damage: flipped bytes and bits, cuts, inserted, duplicated and deleted runs, edge values anywhere. */
final class ByteMutations {

	/** Headers decide what a reader allocates and where it seeks, so half of all positions fall in the first bytes. */
	private static final int HEAD = 1024;

	private ByteMutations() {}

	/** Every mutation of this class, equally likely. */
	static List<Mutation> all() {
		return List.of(ByteMutations::flipBytes, ByteMutations::flipBits, ByteMutations::truncate, ByteMutations::insertRun,
			ByteMutations::duplicateRun, ByteMutations::deleteRun, ByteMutations::overwriteInteresting);
	}

	static byte[] flipBytes(byte[] file, Random random) {
		if (file.length == 0) return file;
		byte[] out = file.clone();
		for (int n = 1 + random.nextInt(8); n > 0; n--)
			out[position(out.length, random)] = (byte) random.nextInt(256);
		return out;
	}

	static byte[] flipBits(byte[] file, Random random) {
		if (file.length == 0) return file;
		byte[] out = file.clone();
		for (int n = 1 + random.nextInt(8); n > 0; n--)
			out[position(out.length, random)] ^= (byte) (1 << random.nextInt(8));
		return out;
	}

	static byte[] truncate(byte[] file, Random random) {
		return Arrays.copyOf(file, file.length == 0 ? 0 : position(file.length, random));
	}

	/** Random bytes, or one byte repeated (runs of 0x00 and 0xff look like sizes to a reader). */
	static byte[] insertRun(byte[] file, Random random) {
		byte[] run = new byte[1 + random.nextInt(64)];
		if (random.nextBoolean()) random.nextBytes(run);
		else Arrays.fill(run, (byte) (random.nextBoolean() ? 0xff : random.nextInt(256)));
		return insert(file, position(file.length + 1, random), run);
	}

	static byte[] duplicateRun(byte[] file, Random random) {
		if (file.length == 0) return file;
		int from = position(file.length, random);
		int length = 1 + random.nextInt(Math.min(file.length - from, 256));
		return insert(file, position(file.length + 1, random), Arrays.copyOfRange(file, from, from + length));
	}

	static byte[] deleteRun(byte[] file, Random random) {
		if (file.length == 0) return file;
		int from = position(file.length, random);
		int to = from + 1 + random.nextInt(Math.min(file.length - from, 256));
		byte[] out = new byte[file.length - (to - from)];
		System.arraycopy(file, 0, out, 0, from);
		System.arraycopy(file, to, out, from, file.length - to);
		return out;
	}

	/** An edge value as a 1, 2, 4 or 8-byte integer of either byte order at a random offset. */
	static byte[] overwriteInteresting(byte[] file, Random random) {
		int width = 1 << random.nextInt(4);
		if (file.length < width) return file;
		byte[] out = file.clone();
		int at = Math.min(position(file.length, random), file.length - width);
		Bytes.put(out, at, width, random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, Interesting.integer(random));
		return out;
	}

	static byte[] insert(byte[] file, int at, byte[] run) {
		byte[] out = new byte[file.length + run.length];
		System.arraycopy(file, 0, out, 0, at);
		System.arraycopy(run, 0, out, at, run.length);
		System.arraycopy(file, at, out, at + run.length, file.length - at);
		return out;
	}

	/** An index in [0, length), in the head of the file half of the time. */
	static int position(int length, Random random) {
		return random.nextInt(random.nextBoolean() ? Math.min(length, HEAD) : length);
	}
}
