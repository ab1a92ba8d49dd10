package org.labelfit.io;

/** The NIfTI-1 voxel types LabelFit reads and writes, with their header codes. */
public enum NiftiDataType {

	UINT8(2, 8, 0, 255),
	INT16(4, 16, Short.MIN_VALUE, Short.MAX_VALUE),
	INT32(8, 32, Integer.MIN_VALUE, Integer.MAX_VALUE),
	FLOAT32(16, 32, -Float.MAX_VALUE, Float.MAX_VALUE),
	FLOAT64(64, 64, -Double.MAX_VALUE, Double.MAX_VALUE),
	INT8(256, 8, Byte.MIN_VALUE, Byte.MAX_VALUE),
	UINT16(512, 16, 0, 65535),
	UINT32(768, 32, 0, 4294967295.0);

	private final int code;
	private final int bitpix;
	private final double min;
	private final double max;

	NiftiDataType(int code, int bitpix, double min, double max) {
		this.code = code;
		this.bitpix = bitpix;
		this.min = min;
		this.max = max;
	}

	/** The NIfTI {@code datatype} code. */
	public int code() {
		return code;
	}

	public int bitpix() {
		return bitpix;
	}

	public int bytes() {
		return bitpix / 8;
	}

	public boolean isInteger() {
		return this != FLOAT32 && this != FLOAT64;
	}

	/** Smallest value this type stores. */
	public double min() {
		return min;
	}

	/** Largest value this type stores. */
	public double max() {
		return max;
	}

	RawVoxels.Kind kind() {
		return switch (this) {
			case UINT8 -> RawVoxels.Kind.U8;
			case INT8 -> RawVoxels.Kind.I8;
			case INT16 -> RawVoxels.Kind.I16;
			case UINT16 -> RawVoxels.Kind.U16;
			case INT32 -> RawVoxels.Kind.I32;
			case UINT32 -> RawVoxels.Kind.U32;
			case FLOAT32 -> RawVoxels.Kind.F32;
			case FLOAT64 -> RawVoxels.Kind.F64;
		};
	}

	/** The type for a header code, or null when LabelFit does not support it. */
	public static NiftiDataType of(int code) {
		for (NiftiDataType t : values())
			if (t.code == code)
				return t;
		return null;
	}
}
