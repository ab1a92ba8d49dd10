package org.labelfit.fuzz;

import java.nio.ByteOrder;

/** Integers of any width from 1 to 8 bytes, in either byte order, inside a byte array. */
final class Bytes {

	private Bytes() {}

	static void put(byte[] b, int at, int width, ByteOrder order, long value) {
		for (int i = 0; i < width; i++) {
			int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : width - 1 - i);
			b[at + i] = (byte) (value >>> shift);
		}
	}

	/** The unsigned value of the field (a full 8-byte field wraps to negative above Long.MAX_VALUE). */
	static long get(byte[] b, int at, int width, ByteOrder order) {
		long v = 0;
		for (int i = 0; i < width; i++) {
			int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : width - 1 - i);
			v |= (b[at + i] & 0xffL) << shift;
		}
		return v;
	}
}
