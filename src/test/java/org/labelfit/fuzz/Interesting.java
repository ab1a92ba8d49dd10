package org.labelfit.fuzz;

import java.util.Random;

/** Values that sit on the edges readers get wrong: zero, signs, powers of two, the limits of int and long. */
final class Interesting {

	private static final long[] INTEGERS = { 0, 1, -1, 2, 3, 7, 8, 16, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000,
		1 << 20, 1 << 24, 1 << 28, 0x3fffffff, 0x40000000, 0x7fffffff, 0x80000000L, 0xffffffffL, 1L << 32, 8589934591L,
		1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE };
	private static final float[] FLOATS = { 0, -0f, 1, -1, 0.5f, 1.5f, 348, 352, 352.5f, 1e9f, 2147483648f, 1e10f, 1e20f,
		Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
	/** The same edges written as JSON or Python numbers, plus what only text can say. */
	private static final String[] NUMBERS = { "0", "-0", "1", "-1", "2", "3", "255", "65535", "65536", "16777216",
		"268435456", "1000000000", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
		"8589934591", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
		"99999999999999999999999999999999999999", "1e9", "1e10", "1e308", "1e309", "-1e309", "1e-400", "1e999999999",
		"0.5", "1.5", "2.0000000001", "NaN", "Infinity", "0x10", "1_000" };

	private Interesting() {}

	static long integer(Random random) {
		return INTEGERS[random.nextInt(INTEGERS.length)];
	}

	static float floating(Random random) {
		return FLOATS[random.nextInt(FLOATS.length)];
	}

	static String number(Random random) {
		return NUMBERS[random.nextInt(NUMBERS.length)];
	}

	/** A value for a field that holds {@code original}: mostly an edge, sometimes a near miss of the true value. */
	static long near(long original, Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> original + random.nextInt(5) - 2;
			case 1 -> original * (1L << (1 + random.nextInt(16)));
			case 2 -> random.nextLong();
			default -> integer(random);
		};
	}
}
