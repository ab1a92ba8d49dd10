package org.labelfit;

/**
 * The hash the NumPy reference implementations use for their weights and inputs (docs/bench/universeg_reference.py
 * {@code hash_uniform}): a Weyl sequence scrambled by MurmurHash3's 32-bit finaliser, so that tensors of equal shape
 * differ and a test can tell them apart.
 */
public final class ReferenceHash {

	private static final long MASK = 0xffffffffL;

	private ReferenceHash() {}

	/** u in [0, 1) for element {@code i} of the stream {@code c}: fmix32((i·2654435761 + c) mod 2³²) / 2³². */
	public static double uniform(long i, long c) {
		long h = (i * 2654435761L + c) & MASK;
		h ^= h >>> 16;
		h = (h * 0x85ebca6bL) & MASK;
		h ^= h >>> 13;
		h = (h * 0xc2b2ae35L) & MASK;
		h ^= h >>> 16;
		return h / 4294967296.0;
	}
}
