package org.labelfit.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collection;

import org.labelfit.LabelFitException;

/**
 * An immutable float tensor: a shape (row-major, last index fastest) and its values.
 * The arrays are copied on the way in and out; {@link #buffer()} gives a read-only view without copying,
 * for handing large weights to DJL, and {@link #adopt} takes over an array a reader has just filled, so that
 * weights are never held twice.
 * Equality is bit-exact (NaN payloads and the sign of zero count), as a model file round trip must be.
 */
public final class Tensor {

	/** Largest element count: the limit of a Java float array. */
	public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

	private final long[] shape;
	private final float[] data;

	public Tensor(long[] shape, float[] data) {
		this(data == null ? null : data.clone(), shape);
	}

	/** Keeps {@code data} itself; the swapped arguments only tell it from the public constructor. */
	private Tensor(float[] data, long[] shape) {
		if (shape == null || data == null)
			throw new LabelFitException("tensor shape and data must not be null");
		this.shape = shape.clone();
		long n = elementCount(this.shape);
		if (n != data.length)
			throw new LabelFitException("tensor shape " + Arrays.toString(shape) + " needs " + n
				+ " values but " + data.length + " were given");
		this.data = data;
	}

	/** A tensor that keeps {@code data} itself: the caller hands it over and must not use it again. */
	public static Tensor adopt(long[] shape, float[] data) {
		return new Tensor(data, shape);
	}

	/** A tensor of shape [values.length]. */
	public static Tensor vector(float... values) {
		return new Tensor(new long[] { values.length }, values);
	}

	/** Number of elements a shape holds; 1 for a scalar (empty shape). */
	public static long elementCount(long[] shape) {
		long n = 1;
		for (long d : shape) {
			if (d < 0)
				throw new LabelFitException("tensor shape " + Arrays.toString(shape) + " has a negative size");
			try {
				n = Math.multiplyExact(n, d);
			}
			catch (ArithmeticException e) {
				throw new LabelFitException("tensor shape " + Arrays.toString(shape) + " is too large");
			}
		}
		if (n > MAX_ELEMENTS)
			throw new LabelFitException("tensor shape " + Arrays.toString(shape) + " is too large (over "
				+ MAX_ELEMENTS + " values)");
		return n;
	}

	/** Number of elements all of {@code shapes} hold together, with every product and sum checked for overflow. */
	public static long elementCount(Collection<long[]> shapes) {
		long n = 0;
		for (long[] s : shapes)
			n = Math.addExact(n, elementCount(s));
		return n;
	}

	public long[] shape() {
		return shape.clone();
	}

	public float[] data() {
		return data.clone();
	}

	/** Read-only view of the values, without copying. */
	public FloatBuffer buffer() {
		return FloatBuffer.wrap(data).asReadOnlyBuffer();
	}

	public int size() {
		return data.length;
	}

	public float get(int index) {
		return data[index];
	}

	public int rank() {
		return shape.length;
	}

	@Override
	public boolean equals(Object o) {
		if (!(o instanceof Tensor t) || !Arrays.equals(shape, t.shape) || data.length != t.data.length)
			return false;
		for (int i = 0; i < data.length; i++)
			if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(t.data[i]))
				return false;
		return true;
	}

	@Override
	public int hashCode() {
		int h = Arrays.hashCode(shape);
		for (float v : data)
			h = 31 * h + Float.floatToRawIntBits(v);
		return h;
	}

	@Override
	public String toString() {
		return "Tensor" + Arrays.toString(shape);
	}
}
