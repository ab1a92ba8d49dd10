package org.labelfit.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;

/** Decodes and encodes raw voxel streams (NIfTI, npy), x fastest, in chunks. */
final class RawVoxels {

	/** Largest number of voxels LabelFit holds in one image. */
	static final long MAX_VOXELS = 1L << 31;
	/** Longest Java array the JVM allocates; one xy plane is one array. */
	static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
	/** Deflate's largest expansion: no deflate (gzip, zlib) stream inflates to more than 1032 times its size. */
	static final int MAX_DEFLATE_RATIO = 1032;
	private static final int CHUNK = 1 << 16;

	/** The primitive voxel encodings found in files. */
	enum Kind {
		U8(1), I8(1), I16(2), U16(2), I32(4), U32(4), I64(8), F32(4), F64(8);

		final int bytes;

		Kind(int bytes) {
			this.bytes = bytes;
		}

		double get(ByteBuffer b, int off) {
			return switch (this) {
				case U8 -> b.get(off) & 0xff;
				case I8 -> b.get(off);
				case I16 -> b.getShort(off);
				case U16 -> b.getShort(off) & 0xffff;
				case I32 -> b.getInt(off);
				case U32 -> b.getInt(off) & 0xffffffffL;
				case I64 -> b.getLong(off);
				case F32 -> b.getFloat(off);
				case F64 -> b.getDouble(off);
			};
		}

		/** Stores v, which integer kinds expect already rounded and inside their range. */
		void put(ByteBuffer b, int off, double v) {
			switch (this) {
				case U8, I8 -> b.put(off, (byte) (long) v);
				case I16, U16 -> b.putShort(off, (short) (long) v);
				case I32, U32 -> b.putInt(off, (int) (long) v);
				case I64 -> b.putLong(off, (long) v);
				case F32 -> b.putFloat(off, (float) v);
				case F64 -> b.putDouble(off, v);
			}
		}
	}

	private RawVoxels() {}

	/**
	 * The number of voxels of an image of size dims, x first; refuses sizes LabelFit cannot hold, computed without
	 * overflow whatever the header says.
	 */
	static long voxels(String file, long... dims) {
		long n = 1;
		for (int d = 0; d < dims.length; d++) {
			if (dims[d] <= 0)
				throw new LabelFitException(file + " has an invalid image size " + sizeText(dims));
			// both factors are at most 2^31 here, so the product cannot overflow
			n = dims[d] > MAX_VOXELS ? MAX_VOXELS + 1 : n * dims[d];
			if (n > MAX_VOXELS || d == 1 && n > MAX_ARRAY)
				throw new LabelFitException(file + " is too large (" + sizeText(dims) + "); LabelFit handles up to 2^31 voxels");
		}
		return n;
	}

	/** A float image with one array per xy plane; refuses sizes LabelFit cannot hold, or the heap cannot hold now. */
	static PlanarImg<FloatType, FloatArray> allocate(String file, long... dims) {
		HeapBudget.require(voxels(file, dims) * Float.BYTES, file + ": " + sizeText(dims) + " voxels");
		return PlanarImgs.floats(dims);
	}

	/**
	 * Refuses a header that declares more voxels than the file can hold, before anything is allocated for them:
	 * {@code stored} bytes follow the header, or, when {@code deflated}, the whole gzip file is {@code stored} bytes
	 * long, which inflate to at most {@link #MAX_DEFLATE_RATIO} times as many.
	 */
	static void requireStored(String file, long[] dims, Kind kind, long stored, boolean deflated) {
		long need = voxels(file, dims) * kind.bytes;
		if (!deflated && need > stored)
			throw new LabelFitException(file + " is truncated: it holds only " + Math.max(stored, 0) + " bytes of voxel data, but its header declares "
				+ sizeText(dims) + " voxels (" + HeapBudget.format(need) + ")");
		if (deflated && need / MAX_DEFLATE_RATIO > stored)
			throw new LabelFitException(file + " is only " + HeapBudget.format(stored) + " compressed, too little to inflate to the "
				+ sizeText(dims) + " voxels (" + HeapBudget.format(need) + ") its header declares");
	}

	static String sizeText(long[] dims) {
		StringBuilder s = new StringBuilder();
		for (long d : dims)
			s.append(s.length() == 0 ? "" : " x ").append(d);
		return s.toString();
	}

	static float[] plane(PlanarImg<FloatType, FloatArray> img, int i) {
		return img.getPlane(i).getCurrentStorageArray();
	}

	/**
	 * Fills img from the stream, then applies value * slope + inter when slope is not null.
	 *
	 * @throws LabelFitException when the stream ends early
	 */
	static void read(InputStream in, ByteOrder order, Kind kind, PlanarImg<FloatType, FloatArray> img,
		double[] slopeInter, String file) throws IOException
	{
		Decoder decoder = new Decoder(in, order, kind);
		for (int z = 0; z < img.numSlices(); z++)
			if (!decoder.fill(plane(img, z), 0, slopeInter))
				throw new LabelFitException(file + " is truncated: it ends before all "
					+ sizeText(img.dimensionsAsLongArray()) + " voxels were read");
	}

	/** Decodes voxels from a stream into float arrays through one chunk-sized buffer. */
	static final class Decoder {

		private final InputStream in;
		private final Kind kind;
		private final byte[] buf;
		private final ByteBuffer bb;

		Decoder(InputStream in, ByteOrder order, Kind kind) {
			this.in = in;
			this.kind = kind;
			buf = new byte[CHUNK * kind.bytes];
			bb = ByteBuffer.wrap(buf).order(order);
		}

		/**
		 * Fills dst from index {@code from} on, applying value * slope + inter when slopeInter is not null.
		 *
		 * @return false when the stream ended first
		 */
		boolean fill(float[] dst, int from, double[] slopeInter) throws IOException {
			for (int pos = from; pos < dst.length;) {
				int n = Math.min(CHUNK, dst.length - pos);
				int len = n * kind.bytes;
				if (in.readNBytes(buf, 0, len) < len)
					return false;
				for (int i = 0; i < n; i++) {
					double v = kind.get(bb, i * kind.bytes);
					dst[pos + i] = (float) (slopeInter == null ? v : v * slopeInter[0] + slopeInter[1]);
				}
				pos += n;
			}
			return true;
		}
	}

	/**
	 * Writes data in flat order (x fastest) as kind, storing (v - inter) / slope; integer kinds
	 * are rounded and clamped to [min, max].
	 */
	static void write(OutputStream out, ByteOrder order, Kind kind, RandomAccessibleInterval<? extends RealType<?>> data,
		double slope, double inter, double min, double max) throws IOException
	{
		boolean integer = kind != Kind.F32 && kind != Kind.F64;
		byte[] buf = new byte[CHUNK * kind.bytes];
		ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
		int n = 0;
		for (Cursor<? extends RealType<?>> c = Views.flatIterable(data).cursor(); c.hasNext();) {
			double v = (c.next().getRealDouble() - inter) / slope;
			if (integer)
				v = Double.isNaN(v) ? 0 : Math.max(min, Math.min(max, Math.rint(v)));
			kind.put(bb, n * kind.bytes, v);
			if (++n == CHUNK) {
				out.write(buf, 0, n * kind.bytes);
				n = 0;
			}
		}
		out.write(buf, 0, n * kind.bytes);
	}
}
