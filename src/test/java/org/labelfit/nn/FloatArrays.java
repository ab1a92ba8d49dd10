package org.labelfit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.labelfit.io.Npy;

/** Comparisons of network outputs against references, relative to the reference's largest magnitude. */
public final class FloatArrays {

	private FloatArrays() {}

	public static void assertClose(float[] expected, float[] actual, double relative) {
		assertEquals(expected.length, actual.length);
		double scale = 0;
		for (float x : expected) scale = Math.max(scale, Math.abs(x));
		assertTrue(scale > 0, "reference is all zeros");
		double diff = maxDiff(expected, actual);
		assertTrue(diff <= relative * scale, "max difference " + diff + " vs scale " + scale);
	}

	public static double maxDiff(float[] a, float[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}

	/** A .npy test resource next to {@code owner}, which must have {@code shape}. */
	public static float[] npyResource(Class<?> owner, String resource, long[] shape) throws IOException {
		try (InputStream in = owner.getResourceAsStream(resource)) {
			assertNotNull(in, resource);
			Npy.Array a = Npy.readArray(in, resource, 1 << 20);
			assertArrayEquals(shape, a.shape());
			return a.data();
		}
	}
}
