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

import org.labelfit.LabelFitException;

/** Decodes and encodes raw voxel streams (NIfTI, npy), x fastest, in chunks. */
final class RawVoxels {

	/** Largest number of voxels LabelFit holds in one image. */
	static final long MAX_VOXELS = 1L << 31;
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

	/** A float image with one array per xy plane; refuses sizes LabelFit cannot hold. */
	static PlanarImg<FloatType, FloatArray> allocate(String file, long... dims) {
		long n = 1;
		for (long d : dims) {
			if (d <= 0)
				throw new LabelFitException(file + " has an invalid image size " + sizeText(dims));
			n *= d;
			if (n > MAX_VOXELS || n < 0)
				throw new LabelFitException(file + " is too large (" + sizeText(dims) + "); LabelFit handles up to 2^31 voxels");
		}
		return PlanarImgs.floats(dims);
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
		byte[] buf = new byte[CHUNK * kind.bytes];
		ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
		for (int z = 0; z < img.numSlices(); z++) {
			float[] p = plane(img, z);
			for (int pos = 0; pos < p.length;) {
				int n = Math.min(CHUNK, p.length - pos);
				int len = n * kind.bytes;
				if (in.readNBytes(buf, 0, len) < len)
					throw new LabelFitException(file + " is truncated: it ends before all "
						+ sizeText(img.dimensionsAsLongArray()) + " voxels were read");
				for (int i = 0; i < n; i++) {
					double v = kind.get(bb, i * kind.bytes);
					p[pos + i] = (float) (slopeInter == null ? v : v * slopeInter[0] + slopeInter[1]);
				}
				pos += n;
			}
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
