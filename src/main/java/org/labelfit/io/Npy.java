package org.labelfit.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/** Reads NumPy .npy arrays, little-endian, C order: images of shape (H, W) or (D, H, W), or arrays of any shape. */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
	/** Values {@link #readArray} allocates before the first byte of data arrives. */
	private static final int FIRST_VALUES = 1 << 16;

	/** An n-dimensional array in NumPy's (C) axis order, converted to float. */
	public record Array(long[] shape, float[] data) {}

	/**
	 * @param count the number of values, the product of shape
	 * @param length the bytes before the data: magic, version, header length and header
	 */
	private record Header(RawVoxels.Kind kind, long[] shape, long count, long length) {}

	private Npy() {}

	static ImageData read(Path file) {
		String name = file.getFileName().toString();
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			Header header = header(in, name);
			long[] shape = header.shape();
			if (shape.length != 2 && shape.length != 3)
				throw new LabelFitException(name + " has shape " + Arrays.toString(shape) + "; LabelFit needs a 2D (H, W) or 3D (D, H, W) array");
			// NumPy (H, W) or (D, H, W) in C order becomes ImgLib2 (x=W, y=H[, z=D])
			long[] dims = new long[shape.length];
			for (int i = 0; i < shape.length; i++) dims[shape.length - 1 - i] = shape[i];
			RawVoxels.requireStored(name, dims, header.kind(), Files.size(file) - header.length(), false);
			PlanarImg<FloatType, FloatArray> img = RawVoxels.allocate(name, dims);
			RawVoxels.read(in, ByteOrder.LITTLE_ENDIAN, header.kind(), img, null, name);
			return new ImageData(img, ones(dims.length), null, ImageFiles.baseName(file));
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + AtomicFiles.message(e), e);
		}
	}

	/**
	 * Reads one .npy stream of any shape (at most {@code maxElements} values) as float. The stream's length is
	 * unknown, so the array grows as values arrive: a header that lies about the shape costs memory in proportion to
	 * the data actually there, not to the shape.
	 */
	public static Array readArray(InputStream in, String name, long maxElements) throws IOException {
		Header header = header(in, name);
		long n = header.count();
		if (n > maxElements) throw new LabelFitException(name + " holds " + n + " values, more than the " + maxElements + " expected");
		if (n > RawVoxels.MAX_ARRAY) throw new LabelFitException(name + " holds " + n + " values, more than one array can hold");
		RawVoxels.Decoder decoder = new RawVoxels.Decoder(in, ByteOrder.LITTLE_ENDIAN, header.kind());
		float[] data = new float[(int) Math.min(n, FIRST_VALUES)];
		for (int filled = 0;;) {
			if (!decoder.fill(data, filled, null)) throw new LabelFitException(name + " is truncated");
			if (data.length == n) return new Array(header.shape(), data);
			filled = data.length;
			long grown = Math.min(n, 2L * filled);
			HeapBudget.require(grown * Float.BYTES, name + ": " + n + " values");
			data = Arrays.copyOf(data, (int) grown);
		}
	}

	private static Header header(InputStream in, String name) throws IOException {
		byte[] head = in.readNBytes(10);
		if (head.length < 10 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC))
			throw new LabelFitException(name + " is not a NumPy .npy file");
		int major = head[6];
		long headerLength;
		int prefix = major == 1 ? 10 : 12;
		if (major == 1)
			headerLength = ByteBuffer.wrap(head, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
		else {
			byte[] more = in.readNBytes(2);
			if (more.length < 2)
				throw new LabelFitException(name + " is truncated");
			headerLength = ByteBuffer.wrap(new byte[] { head[8], head[9], more[0], more[1] })
				.order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
		}
		if (headerLength > 1 << 20)
			throw new LabelFitException(name + " has a corrupt .npy header");
		byte[] headerBytes = in.readNBytes((int) headerLength);
		if (headerBytes.length < headerLength)
			throw new LabelFitException(name + " is truncated");
		String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
		RawVoxels.Kind kind = kind(field(DESCR, header, name), name);
		if (field(FORTRAN, header, name).equals("True"))
			throw new LabelFitException(name + " is stored in Fortran order; save it in C order (numpy.ascontiguousarray)");
		String shapeText = field(SHAPE, header, name);
		long[] shape = shape(shapeText, name);
		long count = 1;
		try {
			for (long d : shape) count = Math.multiplyExact(count, d);
		}
		catch (ArithmeticException e) {
			throw new LabelFitException(name + " has a corrupt .npy header (shape (" + Quoted.of(shapeText.trim()) + ") is too large)");
		}
		return new Header(kind, shape, count, prefix + headerLength);
	}

	private static String field(Pattern p, String header, String name) {
		Matcher m = p.matcher(header);
		if (!m.find())
			throw new LabelFitException(name + " has a corrupt .npy header");
		return m.group(1);
	}

	private static RawVoxels.Kind kind(String descr, String name) {
		if (descr.startsWith(">") && !descr.endsWith("1"))
			throw new LabelFitException(name + " holds big-endian data (" + Quoted.of(descr) + "); LabelFit reads little-endian .npy files");
		RawVoxels.Kind kind = switch (descr.length() == 3 ? descr.substring(1) : "") {
			case "f4" -> RawVoxels.Kind.F32;
			case "f8" -> RawVoxels.Kind.F64;
			case "u1", "b1" -> RawVoxels.Kind.U8;
			case "i1" -> RawVoxels.Kind.I8;
			case "i2" -> RawVoxels.Kind.I16;
			case "u2" -> RawVoxels.Kind.U16;
			case "i4" -> RawVoxels.Kind.I32;
			case "u4" -> RawVoxels.Kind.U32;
			case "i8" -> RawVoxels.Kind.I64;
			default -> null;
		};
		if (kind == null)
			throw new LabelFitException(name + " holds data of type " + Quoted.of(descr)
				+ "; LabelFit reads float32/64, (u)int8/16/32, int64 and bool .npy files");
		return kind;
	}

	/** The shape tuple in NumPy's order; () is a scalar of shape []. */
	private static long[] shape(String shape, String name) {
		String[] parts = Arrays.stream(shape.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
		long[] dims = new long[parts.length];
		try {
			for (int i = 0; i < parts.length; i++) {
				dims[i] = Long.parseLong(parts[i]);
				if (dims[i] < 0) throw new NumberFormatException();
			}
		}
		catch (NumberFormatException e) {
			throw new LabelFitException(name + " has a corrupt .npy header (shape (" + Quoted.of(shape.trim()) + "))");
		}
		return dims;
	}

	private static double[] ones(int n) {
		double[] s = new double[n];
		Arrays.fill(s, 1);
		return s;
	}
}
