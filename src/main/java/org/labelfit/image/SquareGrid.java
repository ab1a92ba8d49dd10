package org.labelfit.image;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Maps a W×H slice onto the S×S grid a network expects, and network outputs back onto the W×H grid.
 * <p>
 * Forward: pad symmetrically with zeros to P×P (P = max(W, H)), then resize P×P to S×S. When P - W (or P - H)
 * is odd, the extra column (row) goes to the right (bottom): offsetX = (P - W) / 2, offsetY = (P - H) / 2.
 * Inverse: resize S×S to P×P, then crop the W×H window at (offsetX, offsetY).
 * <p>
 * Sampling conventions, identical to PyTorch {@code F.interpolate} (without antialiasing):
 * <ul>
 * <li>bilinear, {@code align_corners=False}: pixel centres sit at half-integers, so output pixel i samples the
 * input at {@code src = (i + 0.5) * in / out - 0.5}, clamped below at 0; neighbours beyond the last pixel are
 * clamped to it.</li>
 * <li>nearest (labels): {@code src = min(floor(i * in / out), in - 1)}, evaluated exactly in integers.</li>
 * </ul>
 * With nearest sampling, if S is a multiple of P then labels survive the round trip exactly.
 * Slices are row-major arrays, index {@code y * width + x}. Instances are immutable.
 */
public final class SquareGrid {

	private final int width, height, size, padded, offsetX, offsetY;

	public SquareGrid(int width, int height, int size) {
		if (width < 1 || height < 1 || size < 1)
			throw new IllegalArgumentException("sizes must be positive: " + width + "×" + height + " -> " + size);
		this.width = width;
		this.height = height;
		this.size = size;
		this.padded = Math.max(width, height);
		this.offsetX = (padded - width) / 2;
		this.offsetY = (padded - height) / 2;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int size() {
		return size;
	}

	public int paddedSize() {
		return padded;
	}

	public int offsetX() {
		return offsetX;
	}

	public int offsetY() {
		return offsetY;
	}

	/** W×H image -> S×S: zero padding, bilinear resize. */
	public float[] toSquare(float[] image) {
		check(image.length, width, height);
		float[] p = new float[padded * padded];
		for (int y = 0; y < height; y++)
			System.arraycopy(image, y * width, p, (y + offsetY) * padded + offsetX, width);
		return resize(p, padded, padded, size, size);
	}

	/** W×H labels -> S×S: background (0) padding, nearest resize. */
	public short[] toSquareLabels(short[] labels) {
		check(labels.length, width, height);
		short[] p = new short[padded * padded];
		for (int y = 0; y < height; y++)
			System.arraycopy(labels, y * width, p, (y + offsetY) * padded + offsetX, width);
		return resizeNearest(p, padded, padded, size, size);
	}

	/** S×S float map (e.g. one class probability) -> W×H: bilinear resize, crop. */
	public float[] fromSquare(float[] map) {
		check(map.length, size, size);
		float[] p = resize(map, size, size, padded, padded);
		float[] out = new float[width * height];
		for (int y = 0; y < height; y++)
			System.arraycopy(p, (y + offsetY) * padded + offsetX, out, y * width, width);
		return out;
	}

	/** S×S labels -> W×H: nearest resize, crop. */
	public short[] fromSquareLabels(short[] labels) {
		check(labels.length, size, size);
		short[] p = resizeNearest(labels, size, size, padded, padded);
		short[] out = new short[width * height];
		for (int y = 0; y < height; y++)
			System.arraycopy(p, (y + offsetY) * padded + offsetX, out, y * width, width);
		return out;
	}

	/** {@link #toSquare(float[])} for each z-slice. */
	public Img<FloatType> toSquare(Img<FloatType> image) {
		requireDims(image, width, height);
		List<float[]> out = new ArrayList<>();
		for (float[] plane : Images.floatPlanes(image))
			out.add(toSquare(plane));
		return Images.floatImg(out, size, size);
	}

	/** {@link #toSquareLabels(short[])} for each z-slice. */
	public Img<UnsignedShortType> toSquareLabels(Img<UnsignedShortType> labels) {
		requireDims(labels, width, height);
		List<short[]> out = new ArrayList<>();
		for (short[] plane : Images.shortPlanes(labels))
			out.add(toSquareLabels(plane));
		return Images.labelImg(out, size, size);
	}

	/** {@link #fromSquare(float[])} for each z-slice. */
	public Img<FloatType> fromSquare(Img<FloatType> map) {
		requireDims(map, size, size);
		List<float[]> out = new ArrayList<>();
		for (float[] plane : Images.floatPlanes(map))
			out.add(fromSquare(plane));
		return Images.floatImg(out, width, height);
	}

	/** {@link #fromSquareLabels(short[])} for each z-slice. */
	public Img<UnsignedShortType> fromSquareLabels(Img<UnsignedShortType> labels) {
		requireDims(labels, size, size);
		List<short[]> out = new ArrayList<>();
		for (short[] plane : Images.shortPlanes(labels))
			out.add(fromSquareLabels(plane));
		return Images.labelImg(out, width, height);
	}

	/** Bilinear resize with PyTorch's {@code align_corners=False} convention (see class comment). */
	public static float[] resize(float[] src, int w, int h, int newW, int newH) {
		check(src.length, w, h);
		int[] x0 = new int[newW], x1 = new int[newW];
		float[] fx = new float[newW];
		axisWeights(w, newW, x0, x1, fx);
		int[] y0 = new int[newH], y1 = new int[newH];
		float[] fy = new float[newH];
		axisWeights(h, newH, y0, y1, fy);
		float[] out = new float[newW * newH];
		for (int y = 0; y < newH; y++) {
			int r0 = y0[y] * w, r1 = y1[y] * w;
			float b = fy[y];
			for (int x = 0; x < newW; x++) {
				float a = fx[x];
				float top = (1 - a) * src[r0 + x0[x]] + a * src[r0 + x1[x]];
				float bottom = (1 - a) * src[r1 + x0[x]] + a * src[r1 + x1[x]];
				out[y * newW + x] = (1 - b) * top + b * bottom;
			}
		}
		return out;
	}

	/** Nearest-neighbour resize with PyTorch's 'nearest' convention: {@code src = floor(dst * in / out)}. */
	public static short[] resizeNearest(short[] src, int w, int h, int newW, int newH) {
		check(src.length, w, h);
		int[] sx = new int[newW];
		for (int x = 0; x < newW; x++)
			sx[x] = (int) Math.min((long) x * w / newW, w - 1);
		short[] out = new short[newW * newH];
		for (int y = 0; y < newH; y++) {
			int row = (int) Math.min((long) y * h / newH, h - 1) * w;
			for (int x = 0; x < newW; x++)
				out[y * newW + x] = src[row + sx[x]];
		}
		return out;
	}

	/** Source indices and weight of the upper neighbour for each output position along one axis. */
	private static void axisWeights(int in, int out, int[] i0, int[] i1, float[] frac) {
		double scale = (double) in / out;
		for (int i = 0; i < out; i++) {
			double s = Math.max((i + 0.5) * scale - 0.5, 0);
			int lo = Math.min((int) s, in - 1);
			i0[i] = lo;
			i1[i] = Math.min(lo + 1, in - 1);
			frac[i] = (float) (s - lo);
		}
	}

	private static void check(int length, int w, int h) {
		if (length != w * h)
			throw new IllegalArgumentException("array has " + length + " values, expected " + w + "×" + h);
	}

	private static void requireDims(Img<?> img, int w, int h) {
		int[] d = Images.dims2or3(img);
		if (d[0] != w || d[1] != h)
			throw new IllegalArgumentException("image is " + d[0] + "×" + d[1] + ", expected " + w + "×" + h);
	}
}
