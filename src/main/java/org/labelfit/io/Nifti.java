package org.labelfit.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.labelfit.LabelFitException;

/**
 * Reads and writes single-file NIfTI-1 images (.nii, .nii.gz). Voxel order is kept as is:
 * NIfTI's x-fastest order is ImgLib2's order.
 */
public final class Nifti {

	private static final int BUFFER = 1 << 16;

	private Nifti() {}

	/** Reads a 2D or 3D NIfTI-1 image as float intensities, with scl_slope/scl_inter applied. */
	public static ImageData read(Path file) {
		return read(file, false).get(0);
	}

	/**
	 * Reads a NIfTI-1 image as channels: a 3D image is one channel, a 4D image (x, y, z, c) one 3D image per volume
	 * along its fourth axis (multi-modal scans), each with the file's geometry.
	 */
	public static List<ImageData> readChannels(Path file) {
		return read(file, true);
	}

	private static List<ImageData> read(Path file, boolean channels) {
		String name = checkReadable(file);
		try {
			return read(file, name, gzipped(file), channels);
		}
		catch (EOFException e) {
			throw new LabelFitException(name + " is truncated", e);
		}
		catch (ZipException e) {
			throw new LabelFitException(name + " is not a valid gzip file: " + AtomicFiles.message(e), e);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + AtomicFiles.message(e), e);
		}
	}

	private static List<ImageData> read(Path file, String name, boolean gz, boolean channels) throws IOException {
		try (InputStream in = open(file, gz)) {
			Parsed parsed = header(in, name);
			ByteOrder order = parsed.byteOrder();
			NiftiHeader header = parsed.header();
			long[] dims = channels ? channelDims(header, name) : imageDims(header, name);
			NiftiDataType type = header.datatype();
			if (type == null)
				throw new LabelFitException(name + " uses NIfTI datatype " + header.datatypeCode()
					+ ", which LabelFit does not read (it reads 8/16/32-bit integers and 32/64-bit floats)");
			long skip = header.voxOffset() - NiftiHeader.SIZE;
			if (skip < 0)
				throw new LabelFitException(name + " has an invalid vox_offset " + header.voxOffset());
			// a gzip file's inflated size is unknown up front; deflate's largest ratio bounds it
			long size = Files.size(file);
			RawVoxels.requireStored(name, dims, type.kind(), gz ? size : size - header.voxOffset(), gz);
			in.skipNBytes(skip);
			PlanarImg<FloatType, FloatArray> img = RawVoxels.allocate(name, dims.length < 4 ? dims : new long[] { dims[0], dims[1], dims[2] * dims[3] });
			double[] scaling = header.hasScaling() ? new double[] { header.sclSlope(), header.sclInter() } : null;
			RawVoxels.read(in, order, type.kind(), img, scaling, name);
			String base = ImageFiles.baseName(file);
			if (dims.length < 4) return List.of(new ImageData(img, spacing(header, dims.length), header, base));
			// x fastest: the file's volumes follow one another, so plane z of volume c is plane c·depth + z
			long[] volume = Arrays.copyOf(dims, 3);
			NiftiHeader single = header.withDims(volume);
			List<ImageData> out = new ArrayList<>();
			for (int c = 0; c < dims[3]; c++) {
				PlanarImg<FloatType, FloatArray> v = RawVoxels.allocate(name, volume);
				for (int z = 0; z < volume[2]; z++) {
					float[] plane = RawVoxels.plane(v, z);
					System.arraycopy(RawVoxels.plane(img, (int) (c * volume[2] + z)), 0, plane, 0, plane.length);
				}
				out.add(new ImageData(v, spacing(header, 3), single, base));
			}
			return out;
		}
	}

	/** Reads only the header. */
	public static NiftiHeader readHeader(Path file) {
		String name = checkReadable(file);
		try (InputStream in = open(file, gzipped(file))) {
			return header(in, name).header();
		}
		catch (EOFException e) {
			throw new LabelFitException(name + " is truncated", e);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + AtomicFiles.message(e), e);
		}
	}

	/**
	 * Writes data (x fastest) with the geometry, units and voxel type of header; the size comes
	 * from data. Integer types are rounded and clamped. Gzip is used when out ends in .nii.gz.
	 * The file is written little-endian with vox_offset 352, atomically.
	 */
	public static void write(Path out, RandomAccessibleInterval<? extends RealType<?>> data, NiftiHeader header) {
		String lower = out.getFileName().toString().toLowerCase(Locale.ROOT);
		boolean gz = lower.endsWith(".nii.gz");
		if (!gz && !lower.endsWith(".nii"))
			throw new LabelFitException("cannot write " + out.getFileName() + ": NIfTI file names end in .nii or .nii.gz");
		NiftiHeader h = header.withDims(data.dimensionsAsLongArray()).forWriting();
		NiftiDataType type = h.datatype();
		if (type == null)
			throw new IllegalArgumentException("unsupported NIfTI datatype " + h.datatypeCode());
		double slope = h.hasScaling() ? h.sclSlope() : 1;
		double inter = h.hasScaling() ? h.sclInter() : 0;
		AtomicFiles.write(out, tmp -> {
			try (OutputStream os = gz
				? new GZIPOutputStream(Files.newOutputStream(tmp), BUFFER)
				: new BufferedOutputStream(Files.newOutputStream(tmp), BUFFER))
			{
				os.write(h.toBytes());
				// four zero bytes: no header extensions follow
				os.write(new byte[4]);
				RawVoxels.write(os, ByteOrder.LITTLE_ENDIAN, type.kind(), data, slope, inter, type.min(), type.max());
			}
		});
	}

	private record Parsed(NiftiHeader header, ByteOrder byteOrder) {}

	private static Parsed header(InputStream in, String name) throws IOException {
		byte[] bytes = in.readNBytes(NiftiHeader.SIZE);
		if (bytes.length < NiftiHeader.SIZE)
			throw new LabelFitException(name + " is not a NIfTI-1 file (shorter than a 348-byte header)");
		boolean little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == NiftiHeader.SIZE;
		return new Parsed(NiftiHeader.parse(bytes, name), little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
	}

	/** The image size: 2D or 3D; trailing dimensions of size 1 (a 4D file with one volume) are dropped. */
	private static long[] imageDims(NiftiHeader h, String name) {
		long[] dims = h.dims();
		for (int d = 0; d < dims.length; d++)
			if (dims[d] <= 0)
				throw new LabelFitException(name + " has an invalid size " + dims[d] + " in dimension " + (d + 1));
		int n = dims.length;
		while (n > 3 && dims[n - 1] == 1)
			n--;
		if (n < 2)
			throw new LabelFitException(name + " is a 1D image; LabelFit needs a 2D or 3D image");
		if (n > 3)
			throw new LabelFitException(name + " is a " + n + "D image (" + RawVoxels.sizeText(Arrays.copyOf(dims, n))
				+ "); LabelFit needs a single 2D or 3D image");
		return Arrays.copyOf(dims, n);
	}

	/** A 3D image (one channel) or a 4D one (x, y, z, channels); trailing dimensions of size 1 are dropped. */
	private static long[] channelDims(NiftiHeader h, String name) {
		long[] dims = h.dims();
		int n = dims.length;
		while (n > 3 && dims[n - 1] == 1)
			n--;
		if (n == 4) {
			for (long d : dims)
				if (d <= 0) throw new LabelFitException(name + " has an invalid size " + d);
			return Arrays.copyOf(dims, 4);
		}
		long[] image = imageDims(h, name);
		if (image.length != 3) throw new LabelFitException(name + " is a 2D image; a 3D volume (x, y, z) or a 4D one (x, y, z, channels) is needed");
		return image;
	}

	/** pixdim along the image axes; missing or invalid values become 1. */
	private static double[] spacing(NiftiHeader h, int n) {
		double[] p = h.pixdim();
		double[] s = new double[n];
		for (int d = 0; d < n; d++) {
			double v = Math.abs(p[d + 1]);
			s[d] = v > 0 && Double.isFinite(v) ? v : 1;
		}
		return s;
	}

	private static String checkReadable(Path file) {
		String name = file.getFileName().toString();
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".hdr") || lower.endsWith(".img") || lower.endsWith(".hdr.gz") || lower.endsWith(".img.gz"))
			throw new LabelFitException(name + " is part of a two-file NIfTI/Analyze (.hdr/.img) pair; "
				+ "convert it to a single .nii or .nii.gz file");
		ImageFiles.checkFile(file);
		return name;
	}

	/** Whether the file starts with the gzip magic bytes, whatever its name. */
	private static boolean gzipped(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.read() == 0x1f && in.read() == 0x8b;
		}
	}

	/** Opens the file, unzipping when gz. */
	private static InputStream open(Path file, boolean gz) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
		return gz ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
	}
}
