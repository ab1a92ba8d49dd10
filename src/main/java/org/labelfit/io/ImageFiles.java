package org.labelfit.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/** Reads images and writes label images in the formats LabelFit supports, by file extension. */
public final class ImageFiles {

	/** Supported extensions, longest first so that ".nii.gz" wins over ".gz". */
	static final List<String> EXTENSIONS = List.of(".nii.gz", ".tiff", ".jpeg", ".nii", ".tif", ".png", ".bmp",
		".gif", ".jpg", ".npy");
	private static final String GRAY = "; LabelFit needs a single-channel (grayscale) image";

	private ImageFiles() {}

	/** Reads a 2D or 3D single-channel image: NIfTI, npy, or TIFF/PNG/BMP/GIF/JPEG through ImageJ. */
	public static ImageData read(Path file) {
		checkFile(file);
		String ext = extension(file);
		if (ext == null)
			throw new LabelFitException(file.getFileName() + " has an unsupported extension; LabelFit reads "
				+ String.join(", ", EXTENSIONS));
		return switch (ext) {
			case ".nii", ".nii.gz" -> Nifti.read(file);
			case ".npy" -> Npy.read(file);
			default -> readImageJ(file);
		};
	}

	/** Whether the file name ends in an extension LabelFit reads. */
	public static boolean isSupported(Path file) {
		return extension(file) != null;
	}

	/** The file name without its extension(s): "p1_img.nii.gz" gives "p1_img". */
	public static String baseName(Path file) {
		String name = file.getFileName().toString();
		String ext = extension(file);
		if (ext != null)
			return name.substring(0, name.length() - ext.length());
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/**
	 * Converts an ImageJ image (8, 16 or 32 bit, single channel; a stack becomes 3D) to float,
	 * applying its calibration function. Indexed-color images give their palette indices, which is
	 * what label masks store.
	 */
	public static ImageData toImageData(ImagePlus imp, String name) {
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new LabelFitException(name + " is an RGB image" + GRAY);
		if (imp.getNChannels() > 1)
			throw new LabelFitException(name + " has " + imp.getNChannels() + " channels" + GRAY);
		if (imp.getNSlices() > 1 && imp.getNFrames() > 1)
			throw new LabelFitException(name + " is a hyperstack (" + imp.getNSlices() + " slices x " + imp.getNFrames()
				+ " frames); LabelFit needs a 2D image or a single 3D stack");
		ImageStack stack = imp.getStack();
		int depth = stack.getSize();
		long[] dims = depth > 1 ? new long[] { imp.getWidth(), imp.getHeight(), depth }
			: new long[] { imp.getWidth(), imp.getHeight() };
		PlanarImg<FloatType, FloatArray> img = RawVoxels.allocate(name, dims);
		Calibration cal = imp.getCalibration();
		float[] table = cal.calibrated() ? cal.getCTable() : null;
		for (int z = 0; z < depth; z++)
			copy(stack.getProcessor(z + 1), table, RawVoxels.plane(img, z));
		double[] spacing = depth > 1 ? new double[] { cal.pixelWidth, cal.pixelHeight, cal.pixelDepth }
			: new double[] { cal.pixelWidth, cal.pixelHeight };
		for (int d = 0; d < spacing.length; d++)
			spacing[d] = spacing[d] > 0 && Double.isFinite(spacing[d]) ? spacing[d] : 1;
		return new ImageData(img, spacing, null, name);
	}

	private static void copy(ImageProcessor ip, float[] table, float[] dst) {
		Object pixels = ip.getPixels();
		if (pixels instanceof float[] f)
			System.arraycopy(f, 0, dst, 0, dst.length);
		else if (pixels instanceof byte[] b)
			for (int i = 0; i < dst.length; i++)
				dst[i] = table == null ? b[i] & 0xff : table[b[i] & 0xff];
		else if (pixels instanceof short[] s)
			for (int i = 0; i < dst.length; i++)
				dst[i] = table == null ? s[i] & 0xffff : table[s[i] & 0xffff];
		else
			throw new LabelFitException("unsupported ImageJ pixel type " + pixels.getClass().getSimpleName() + GRAY);
	}

	/**
	 * Opens the file with ImageJ once its structure is checked: ImageJ's readers trust their headers, so a TIFF's
	 * IFDs and strips, or another format's declared size, are checked first. Whatever ImageJ still throws, Errors
	 * included, becomes one line.
	 */
	private static ImageData readImageJ(Path file) {
		String name = file.getFileName().toString();
		Opener opener = new Opener();
		String path = file.toAbsolutePath().toString();
		// the type ImageJ will open it as, by content
		int type = opener.getFileType(path);
		switch (type) {
			case Opener.TIFF -> TiffStructure.check(file, name);
			case Opener.PNG, Opener.GIF, Opener.BMP, Opener.JPEG -> RasterHeaders.check(file, name, type);
			default -> {
				TiffStructure.refuseTiffLookalike(file, name);
				throw new LabelFitException("cannot read " + name + ": the file is corrupt or not a supported image");
			}
		}
		ImagePlus imp;
		try {
			imp = opener.openImage(path);
		}
		catch (Throwable e) {
			String m = e.getMessage();
			throw new LabelFitException(name + ": could not be read ("
				+ Quoted.of(e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m)) + ")", e);
		}
		if (imp == null)
			throw new LabelFitException("cannot read " + name + ": the file is corrupt or not a supported image");
		ImageData data = toImageData(imp, name);
		return new ImageData(data.pixels(), data.spacing(), null, baseName(file));
	}

	/**
	 * Writes a label image shaped like {@code like}: .nii/.nii.gz (geometry of like's NIfTI header
	 * when present, its spacing otherwise), 16-bit .tif/.tiff, or 8-bit .png (2D, labels up to 255).
	 */
	public static void writeLabels(Path out, RandomAccessibleInterval<UnsignedShortType> labels, ImageData like) {
		long[] dims = labels.dimensionsAsLongArray();
		if (!Arrays.equals(dims, like.dims()))
			throw new LabelFitException("cannot write " + out.getFileName() + ": the labels are " + RawVoxels.sizeText(dims)
				+ " but the image is " + RawVoxels.sizeText(like.dims()));
		String lower = out.getFileName().toString().toLowerCase(Locale.ROOT);
		if (lower.endsWith(".nii") || lower.endsWith(".nii.gz")) {
			NiftiHeader header = like.nifti() != null ? like.nifti().forLabels()
				: NiftiHeader.create(dims, like.spacing(), NiftiDataType.UINT16).forLabels();
			Nifti.write(out, labels, header);
		}
		else if (lower.endsWith(".tif") || lower.endsWith(".tiff"))
			writeImage(out, labelImage(labels, like, false, out));
		else if (lower.endsWith(".png")) {
			if (dims.length != 2)
				throw new LabelFitException("cannot write " + out.getFileName() + ": PNG holds a 2D image; use .tif or .nii.gz for 3D labels");
			writeImage(out, labelImage(labels, like, true, out));
		}
		else
			throw new LabelFitException("cannot write " + out.getFileName() + ": label files must end in .nii, .nii.gz, .tif, .tiff or .png");
	}

	private static ImagePlus labelImage(RandomAccessibleInterval<UnsignedShortType> labels, ImageData like,
		boolean eightBit, Path out)
	{
		int w = (int) labels.dimension(0);
		int h = (int) labels.dimension(1);
		int depth = labels.numDimensions() > 2 ? (int) labels.dimension(2) : 1;
		ImageStack stack = new ImageStack(w, h);
		int max = 0;
		for (int z = 0; z < depth; z++) {
			RandomAccessibleInterval<UnsignedShortType> slice = labels.numDimensions() > 2
				? Views.hyperSlice(labels, 2, labels.min(2) + z) : labels;
			short[] pixels = new short[w * h];
			int i = 0;
			for (Cursor<UnsignedShortType> c = Views.flatIterable(slice).cursor(); c.hasNext();) {
				int v = c.next().get();
				max = Math.max(max, v);
				pixels[i++] = (short) v;
			}
			stack.addSlice(new ShortProcessor(w, h, pixels, null));
		}
		if (eightBit) {
			if (max > 255)
				throw new LabelFitException("cannot write " + out.getFileName() + ": labels go up to " + max
					+ " but PNG stores at most 255; use .tif or .nii.gz");
			ImageProcessor ip = stack.getProcessor(1);
			ByteProcessor bp = new ByteProcessor(w, h);
			for (int p = 0; p < w * h; p++)
				bp.set(p, ip.get(p));
			stack = new ImageStack(w, h);
			stack.addSlice(bp);
		}
		ImagePlus imp = new ImagePlus(like.name(), stack);
		Calibration cal = imp.getCalibration();
		double[] s = like.spacing();
		cal.pixelWidth = s[0];
		cal.pixelHeight = s[1];
		if (s.length > 2)
			cal.pixelDepth = s[2];
		if (like.nifti() != null)
			cal.setUnit(switch (like.nifti().xyztUnits() & 7) {
				case 1 -> "m";
				case 3 -> "micron";
				default -> "mm";
			});
		return imp;
	}

	/**
	 * Writes an ImageJ image as .tif/.tiff (stacks, overlays and LUTs kept) or .png (a single 2D
	 * image), atomically. The image keeps its title.
	 */
	public static void writeImage(Path out, ImagePlus imp) {
		String lower = out.getFileName().toString().toLowerCase(Locale.ROOT);
		boolean png = lower.endsWith(".png");
		if (!png && !lower.endsWith(".tif") && !lower.endsWith(".tiff"))
			throw new LabelFitException("cannot write " + out.getFileName() + ": images are written as .tif, .tiff or .png");
		if (png && imp.getStackSize() > 1)
			throw new LabelFitException("cannot write " + out.getFileName() + ": PNG holds a single 2D image, not a stack of "
				+ imp.getStackSize());
		String title = imp.getTitle();
		FileInfo original = imp.getOriginalFileInfo();
		boolean changes = imp.changes;
		try {
			AtomicFiles.write(out, tmp -> {
				FileSaver saver = new FileSaver(imp);
				String path = tmp.toString();
				boolean ok = png ? saver.saveAsPng(path)
					: imp.getStackSize() > 1 ? saver.saveAsTiffStack(path) : saver.saveAsTiff(path);
				if (!ok)
					throw new IOException("ImageJ could not save the image");
			});
		}
		finally {
			// FileSaver renames the image after the (temporary) file; undo that
			imp.setTitle(title);
			imp.setFileInfo(original);
			imp.changes = changes;
		}
	}

	/** Refuses a path that is missing, a folder or unreadable. */
	static void checkFile(Path file) {
		if (Files.isDirectory(file))
			throw new LabelFitException(file + " is a folder, not an image file");
		if (!Files.exists(file))
			throw new LabelFitException("file not found: " + file);
		if (!Files.isReadable(file))
			throw new LabelFitException("cannot read " + file + ": permission denied");
	}

	/** The supported extension the name ends with (lower case), or null. */
	static String extension(Path file) {
		String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
		for (String ext : EXTENSIONS)
			if (lower.endsWith(ext) && lower.length() > ext.length())
				return ext;
		return null;
	}
}
