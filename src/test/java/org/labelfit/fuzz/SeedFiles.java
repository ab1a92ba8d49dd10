package org.labelfit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.labelfit.io.ImageFiles;
import org.labelfit.io.Nifti;
import org.labelfit.io.NiftiDataType;
import org.labelfit.io.NiftiHeader;
import org.labelfit.metaseg.MetaSegModel;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.metaseg.SirenConfig;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;
import org.labelfit.universeg.UniverSegConfig;
import org.labelfit.universeg.UniverSegModel;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegNet;

/**
 * Valid files to mutate, written by LabelFit's own writers where it has one (NIfTI, model files, safetensors, TIFF and
 * PNG through ImageJ) and byte by byte where it has none (.npy, .npz, safetensors of other dtypes). They are tiny, so
 * that most mutations land in headers and structure rather than in pixel data.
 */
final class SeedFiles {

	/** The UniverSeg shape of the .npz and safetensors state dicts. */
	static final UniverSegConfig UNIVERSEG = UniverSegConfig.uniform(2, 2);
	private static final List<String> CLASSES = List.of("background", "foreground");

	private SeedFiles() {}

	private interface Writer {
		void write(Path file) throws IOException;
	}

	/** The bytes {@code writer} puts in a file called {@code name}. */
	private static byte[] written(String name, Writer writer) {
		try {
			Path dir = Files.createTempDirectory("labelfit-seed-");
			try {
				Path file = dir.resolve(name);
				writer.write(file);
				return Files.readAllBytes(file);
			}
			finally {
				try (Stream<Path> files = Files.walk(dir)) {
					for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<byte[]> nifti(String extension) {
		List<byte[]> seeds = new ArrayList<>();
		seeds.add(nifti(extension, NiftiDataType.UINT8, 5, 4));
		seeds.add(nifti(extension, NiftiDataType.INT16, 4, 3, 2));
		seeds.add(nifti(extension, NiftiDataType.FLOAT32, 3, 3, 2));
		seeds.add(nifti(extension, NiftiDataType.FLOAT64, 2, 3));
		return seeds;
	}

	private static byte[] nifti(String extension, NiftiDataType type, long... dims) {
		float[] values = new float[(int) LongStream.of(dims).reduce(1, (a, b) -> a * b)];
		for (int i = 0; i < values.length; i++) values[i] = (i * 37) % 101;
		NiftiHeader header = NiftiHeader.create(dims, new double[] { 0.5, 0.75, 2 }, type);
		return written("seed" + extension, file -> Nifti.write(file, ArrayImgs.floats(values, dims), header));
	}

	/** 2D and 3D images ImageFiles reads as .npy. */
	static List<byte[]> npyImages() {
		return List.of(npy("<f4", 4, 5), npy("|u1", 2, 3, 4), npy("<i2", 3, 3), npy("<f8", 2, 2, 2));
	}

	/** Arrays of any rank, as an .npz member holds them. */
	static List<byte[]> npyArrays() {
		return List.of(npy("<f4", 6), npy("<f4", 2, 1, 3, 3), npy("<f8"), npy("<i8", 3, 2), npy("|b1", 5));
	}

	/** NumPy's format 1.0: magic, version, the dict padded with spaces and a newline to 64 bytes, C-order data. */
	static byte[] npy(String descr, long... shape) {
		String dims = LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
		StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims
			+ (shape.length == 1 ? ",)" : ")") + ", }");
		while ((10 + dict.length() + 1) % 64 != 0) dict.append(' ');
		dict.append('\n');
		byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
		int size = Integer.parseInt(descr.substring(2));
		byte[] out = new byte[10 + text.length + size * (int) LongStream.of(shape).reduce(1, (a, b) -> a * b)];
		out[0] = (byte) 0x93;
		System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
		out[6] = 1;
		Bytes.put(out, 8, 2, ByteOrder.LITTLE_ENDIAN, text.length);
		System.arraycopy(text, 0, out, 10, text.length);
		for (int i = 10 + text.length; i < out.length; i++) out[i] = (byte) (descr.endsWith("b1") ? i % 2 : i * 7);
		return out;
	}

	/** Written by LabelFit (F32, with and without metadata) and by hand for the other dtypes it reads. */
	static List<byte[]> safetensors() {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		tensors.put("conv.weight", new Tensor(new long[] { 2, 1, 3, 3 }, values(18)));
		tensors.put("conv.bias", Tensor.vector(0.5f, -0.25f));
		tensors.put("scale", new Tensor(new long[0], new float[] { 2 }));
		return List.of(Safetensors.write(tensors, Map.of("format", "pt")), Safetensors.write(Map.of("x", Tensor.vector(1, 2, 3)), null),
			safetensors("F16", 2, 4), safetensors("BF16", 2, 3), safetensors("F64", 8, 2), safetensors("I64", 8, 1),
			safetensors("I32", 4, 5));
	}

	private static byte[] safetensors(String dtype, int size, int n) {
		String json = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + n + "],\"data_offsets\":[0," + size * n + "]}}";
		byte[] header = json.getBytes(StandardCharsets.US_ASCII);
		byte[] out = new byte[8 + header.length + size * n];
		Bytes.put(out, 0, 8, ByteOrder.LITTLE_ENDIAN, header.length);
		System.arraycopy(header, 0, out, 8, header.length);
		for (int i = 8 + header.length; i < out.length; i++) out[i] = (byte) (i * 13);
		return out;
	}

	static List<byte[]> models() {
		return List.of(metaSegModel().get(0), universegModel().get(0), unetModel().get(0));
	}

	static List<byte[]> metaSegModel() {
		SirenConfig c = new SirenConfig("2d", 2, 4, 2, 2, SirenConfig.OMEGA0);
		List<float[]> weights = c.parameterShapes().stream().map(s -> values((int) Tensor.elementCount(s))).toList();
		MetaSegModel model = new MetaSegModel(c, 16, 3, 1e-3, 1, 2, CLASSES, weights, Map.of("seed", 1));
		return List.of(written("seed.labelfit", file -> MetaSegModelFile.save(file, model, () -> false)));
	}

	static List<byte[]> universegModel() {
		UniverSegModel model = new UniverSegModel(UNIVERSEG, 16, UniverSegNet.initialWeights(UNIVERSEG, 1), null, Map.of("seed", 1));
		return List.of(written("seed.labelfit", file -> UniverSegModelFile.save(file, model, () -> false)));
	}

	static List<byte[]> unetModel() {
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> weights = new LinkedHashMap<>();
		c.tensorShapes().forEach((name, shape) -> weights.put(name, new Tensor(shape, values((int) Tensor.elementCount(shape)))));
		UNetModel model = new UNetModel(c, 8, CLASSES, weights, Map.of("seed", 1));
		return List.of(written("seed.labelfit", file -> UNetModelFile.save(file, model, () -> false)));
	}

	/** The UniverSeg state dict as numpy.savez (stored) and numpy.savez_compressed (deflated) write it. */
	static List<byte[]> universegNpz() {
		List<byte[]> seeds = new ArrayList<>();
		for (int method : new int[] { ZipArchive.STORED, ZipArchive.DEFLATED }) {
			List<ZipArchive.Member> members = new ArrayList<>();
			UniverSegNet.initialWeights(UNIVERSEG, 1).forEach((name, t) -> members.add(ZipArchive.Member.of(name + ".npy", method,
				npy(t))));
			seeds.add(ZipArchive.write(members));
		}
		return seeds;
	}

	static List<byte[]> universegSafetensors() {
		return List.of(Safetensors.write(UniverSegNet.initialWeights(UNIVERSEG, 1), Map.of("format", "pt")));
	}

	private static byte[] npy(Tensor t) {
		byte[] out = npy("<f4", t.shape());
		int data = out.length - 4 * t.size();
		for (int i = 0; i < t.size(); i++)
			Bytes.put(out, data + 4 * i, 4, ByteOrder.LITTLE_ENDIAN, Float.floatToRawIntBits(t.get(i)));
		return out;
	}

	/** An 8-bit image, a 16-bit stack and a calibrated 32-bit image, written by LabelFit through ImageJ. */
	static List<byte[]> tiff() {
		ImageStack stack = new ImageStack(3, 2);
		for (int z = 0; z < 3; z++) stack.addSlice(new ShortProcessor(3, 2, new short[] { 1, 2, 3, 4, 5, (short) (60000 + z) }, null));
		ImagePlus calibrated = new ImagePlus("float", new FloatProcessor(4, 3, values(12)));
		calibrated.getCalibration().pixelWidth = 0.5;
		return List.of(image(".tif", new ImagePlus("bytes", bytes(5, 4))), image(".tif", new ImagePlus("stack", stack)),
			image(".tif", calibrated));
	}

	static List<byte[]> png() {
		return List.of(image(".png", new ImagePlus("bytes", bytes(5, 4))),
			image(".png", new ImagePlus("shorts", new ShortProcessor(4, 3, new short[] { 0, 1, 2, 3, 400, 5, 6, 7, 8, 9, 10, -1 }, null))));
	}

	private static byte[] image(String extension, ImagePlus imp) {
		return written("seed" + extension, file -> ImageFiles.writeImage(file, imp));
	}

	private static ByteProcessor bytes(int width, int height) {
		byte[] pixels = new byte[width * height];
		for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 17);
		return new ByteProcessor(width, height, pixels);
	}

	private static float[] values(int n) {
		Random random = new Random(n);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
		return v;
	}
}
