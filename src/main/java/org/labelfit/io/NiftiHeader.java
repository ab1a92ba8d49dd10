package org.labelfit.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.labelfit.LabelFitException;

/**
 * An immutable NIfTI-1 header. It keeps all 348 bytes (in little-endian order) so that writing
 * a result reproduces the geometry of the input: pixdim, qform, sform, units and description.
 */
public final class NiftiHeader {

	static final int SIZE = 348;
	/** NIFTI_INTENT_LABEL: tells viewers the values are label indices. */
	private static final short INTENT_LABEL = 1002;
	/** NIFTI_UNITS_MM | NIFTI_UNITS_SEC. */
	private static final byte UNITS_MM_SEC = 2 | 8;
	/** Offsets and widths of the numeric fields, used to turn a big-endian header around. */
	private static final int[][] NUMERIC_FIELDS = {
		{ 0, 4, 1 }, { 32, 4, 1 }, { 36, 2, 1 }, { 40, 2, 8 }, { 56, 4, 3 }, { 68, 2, 4 },
		{ 76, 4, 11 }, { 120, 2, 1 }, { 124, 4, 6 }, { 252, 2, 2 }, { 256, 4, 18 } };

	private final byte[] raw;

	private NiftiHeader(byte[] littleEndian) {
		this.raw = littleEndian;
	}

	/**
	 * Parses the first 348 bytes of a file; either byte order is accepted.
	 *
	 * @param file name used in error messages
	 */
	static NiftiHeader parse(byte[] bytes, String file) {
		ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		int size = le.getInt(0);
		byte[] raw = Arrays.copyOf(bytes, SIZE);
		if (Integer.reverseBytes(size) == SIZE)
			swap(raw);
		else if (size != SIZE)
			throw new LabelFitException(file + (size == 540 || Integer.reverseBytes(size) == 540
				? " is a NIfTI-2 file; LabelFit reads NIfTI-1 only"
				: " is not a NIfTI-1 file (header size is not 348)"));
		NiftiHeader h = new NiftiHeader(raw);
		String magic = h.string(344, 4);
		if (magic.equals("ni1"))
			throw new LabelFitException(file + " is the header of a two-file NIfTI (.hdr/.img) pair; "
				+ "convert it to a single .nii or .nii.gz file");
		if (!magic.equals("n+1"))
			throw new LabelFitException(file + " is not a NIfTI-1 file (no n+1 magic)");
		int rank = h.shortAt(40);
		if (rank < 1 || rank > 7)
			throw new LabelFitException(file + " has a corrupt NIfTI header (dim[0] = " + rank + ")");
		return h;
	}

	private static void swap(byte[] raw) {
		for (int[] f : NUMERIC_FIELDS)
			for (int i = 0; i < f[2]; i++) {
				int start = f[0] + i * f[1];
				for (int a = start, b = start + f[1] - 1; a < b; a++, b--) {
					byte t = raw[a];
					raw[a] = raw[b];
					raw[b] = t;
				}
			}
	}

	/**
	 * A fresh header for data without NIfTI origin: axis-aligned, origin 0, millimetres.
	 */
	public static NiftiHeader create(long[] dims, double[] spacing, NiftiDataType type) {
		NiftiHeader h = new NiftiHeader(new byte[SIZE]);
		ByteBuffer b = h.buffer();
		b.putInt(0, SIZE);
		b.put(38, (byte) 'r');
		b.putFloat(76, 1f);
		for (int d = 1; d < 8; d++)
			b.putFloat(76 + 4 * d, d <= spacing.length ? (float) spacing[d - 1] : 1f);
		b.putFloat(112, 1f);
		b.put(123, UNITS_MM_SEC);
		b.putShort(252, (short) 1);
		b.putShort(254, (short) 1);
		for (int r = 0; r < 3; r++)
			b.putFloat(280 + 16 * r + 4 * r, r < spacing.length ? (float) spacing[r] : 1f);
		b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
		return h.withDims(dims).withDatatype(type);
	}

	/** The 348 header bytes in little-endian order (a copy). */
	public byte[] toBytes() {
		return raw.clone();
	}

	/** dim[1..dim[0]] as stored, e.g. {x, y, z} or {x, y, z, 1}. */
	public long[] dims() {
		int n = shortAt(40);
		long[] dims = new long[n];
		for (int d = 0; d < n; d++)
			dims[d] = shortAt(42 + 2 * d);
		return dims;
	}

	/** All eight pixdim values; pixdim[0] is qfac. */
	public double[] pixdim() {
		double[] p = new double[8];
		for (int d = 0; d < 8; d++)
			p[d] = floatAt(76 + 4 * d);
		return p;
	}

	/** Voxel size along x, y, z (pixdim[1..3]). */
	public double[] spacing() {
		return Arrays.copyOfRange(pixdim(), 1, 4);
	}

	/** The voxel type, or null when the file uses one LabelFit does not support. */
	public NiftiDataType datatype() {
		return NiftiDataType.of(datatypeCode());
	}

	public int datatypeCode() {
		return shortAt(70);
	}

	public long voxOffset() {
		return (long) floatAt(108);
	}

	public double sclSlope() {
		return floatAt(112);
	}

	public double sclInter() {
		return floatAt(116);
	}

	/** Whether stored values must be scaled: slope set and not the identity 1/0. */
	public boolean hasScaling() {
		double slope = sclSlope();
		double inter = sclInter();
		return slope != 0 && Double.isFinite(slope) && Double.isFinite(inter) && !(slope == 1 && inter == 0);
	}

	public int intentCode() {
		return shortAt(68);
	}

	public int xyztUnits() {
		return raw[123] & 0xff;
	}

	public int qformCode() {
		return shortAt(252);
	}

	public int sformCode() {
		return shortAt(254);
	}

	/** quatern_b, quatern_c, quatern_d. */
	public double[] quatern() {
		return floats(256, 3);
	}

	/** qoffset_x, qoffset_y, qoffset_z. */
	public double[] qoffset() {
		return floats(268, 3);
	}

	/** The qform handedness: -1 when pixdim[0] is -1, otherwise 1. */
	public double qfac() {
		return floatAt(76) < 0 ? -1 : 1;
	}

	/** srow_x, srow_y, srow_z: the 3x4 sform matrix. */
	public double[][] srow() {
		return new double[][] { floats(280, 4), floats(296, 4), floats(312, 4) };
	}

	public String descrip() {
		return string(148, 80);
	}

	/**
	 * The same header for another voxel type. Scaling is reset to none (slope 1, intercept 0)
	 * because the data written are the values themselves.
	 */
	public NiftiHeader withDatatype(NiftiDataType type) {
		NiftiHeader h = copy();
		ByteBuffer b = h.buffer();
		b.putShort(70, (short) type.code());
		b.putShort(72, (short) type.bitpix());
		b.putFloat(112, 1f).putFloat(116, 0f);
		b.putFloat(124, 0f).putFloat(128, 0f);
		b.putInt(140, 0).putInt(144, 0);
		return h;
	}

	/** A header for a label image over the same grid: uint16, no scaling, intent "label". */
	public NiftiHeader forLabels() {
		NiftiHeader h = withDatatype(NiftiDataType.UINT16);
		ByteBuffer b = h.buffer();
		b.putShort(68, INTENT_LABEL);
		b.putFloat(56, 0f).putFloat(60, 0f).putFloat(64, 0f);
		Arrays.fill(h.raw, 328, 344, (byte) 0);
		return h;
	}

	/** The same geometry for data of the given size (dim[0] becomes dims.length). */
	public NiftiHeader withDims(long... dims) {
		if (dims.length < 1 || dims.length > 7)
			throw new IllegalArgumentException("NIfTI holds 1 to 7 dimensions, not " + dims.length);
		NiftiHeader h = copy();
		ByteBuffer b = h.buffer();
		b.putShort(40, (short) dims.length);
		for (int d = 0; d < 7; d++) {
			long n = d < dims.length ? dims[d] : 1;
			if (n < 1 || n > Short.MAX_VALUE)
				throw new LabelFitException("NIfTI-1 cannot hold an image dimension of " + n + " (1 to " + Short.MAX_VALUE + ")");
			b.putShort(42 + 2 * d, (short) n);
		}
		return h;
	}

	/** The header as written by LabelFit: single file, data right after the header. */
	NiftiHeader forWriting() {
		NiftiHeader h = copy();
		h.buffer().putFloat(108, 352f);
		h.raw[344] = 'n';
		h.raw[345] = '+';
		h.raw[346] = '1';
		h.raw[347] = 0;
		return h;
	}

	private NiftiHeader copy() {
		return new NiftiHeader(raw.clone());
	}

	private ByteBuffer buffer() {
		return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
	}

	private int shortAt(int offset) {
		return buffer().getShort(offset);
	}

	private double floatAt(int offset) {
		return buffer().getFloat(offset);
	}

	private double[] floats(int offset, int n) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = floatAt(offset + 4 * i);
		return v;
	}

	private String string(int offset, int length) {
		int end = offset;
		while (end < offset + length && raw[end] != 0)
			end++;
		return new String(raw, offset, end - offset, StandardCharsets.ISO_8859_1);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof NiftiHeader h && Arrays.equals(raw, h.raw);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(raw);
	}

	@Override
	public String toString() {
		return "NiftiHeader[dims=" + Arrays.toString(dims()) + ", datatype=" + datatypeCode()
			+ ", spacing=" + Arrays.toString(spacing()) + ", qform=" + qformCode() + ", sform=" + sformCode() + "]";
	}
}
