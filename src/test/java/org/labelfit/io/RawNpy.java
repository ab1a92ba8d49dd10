package org.labelfit.io;

import java.nio.charset.StandardCharsets;

/** Builds .npy headers byte by byte, independently of the code under test. */
final class RawNpy {

	private RawNpy() {}

	/** A version-1 header for the dtype and shape text, e.g. "<f4" and "(2, 3)", padded as NumPy pads it. */
	static byte[] header(String descr, String shape) {
		String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
		int total = 10 + dict.length() + 1;
		byte[] text = (dict + " ".repeat((64 - total % 64) % 64) + "\n").getBytes(StandardCharsets.ISO_8859_1);
		byte[] out = new byte[10 + text.length];
		System.arraycopy(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, (byte) (text.length >> 8) }, 0, out, 0, 10);
		System.arraycopy(text, 0, out, 10, text.length);
		return out;
	}
}
