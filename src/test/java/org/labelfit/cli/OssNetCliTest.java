package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.Nifti;
import org.labelfit.io.NiftiDataType;
import org.labelfit.io.NiftiHeader;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetModel;
import org.labelfit.ossnet.OssNetModelFile;
import org.labelfit.ossnet.OssNetwork;
import org.labelfit.ossnet.Patches;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;
import org.labelfit.ossnet.OssNetTensors;
import org.labelfit.ossnet.OssNetVariant;

class OssNetCliTest {

	private static final OssNetConfig CONFIG = new OssNetConfig(OssNetVariant.C, 1, 4, new OssNetConfig.Grid(64, 64, 32));

	@TempDir
	Path dir;

	private Path stateDict() throws IOException {
		Map<String, Tensor> w = new LinkedHashMap<>();
		OssNetTensors.shapes(CONFIG).forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		Path file = dir.resolve("oss_net_c.safetensors");
		Files.write(file, Safetensors.write(w, Map.of()));
		return file;
	}

	@Test
	void importThenInfoShowsTheParameterCount() throws IOException {
		Path out = dir.resolve("c.labelfit");
		String wrote = Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64,32", "--channels", "1", "--out",
			out.toString()).succeeds().out();
		long parameters = OssNetTensors.parameterCount(CONFIG);
		assertTrue(wrote.contains("OSS-Net C, 1 channel, 4 encoder blocks, grid 64×64×32, " + String.format("%,d", parameters) + " parameters"), wrote);
		JsonObject o = JsonParser.parseString(Cli.run("info", out.toString()).succeeds().out()).getAsJsonObject();
		assertEquals("ossnet", o.get("method").getAsString());
		assertEquals(parameters, o.get("parameters").getAsLong());
		assertEquals(parameters, o.getAsJsonObject("architecture").get("parameters").getAsLong());
		assertEquals("C", o.getAsJsonObject("architecture").get("variant").getAsString());
		assertEquals("full", o.getAsJsonObject("architecture").get("official_config").getAsString());
		assertEquals(32, o.getAsJsonObject("architecture").getAsJsonArray("grid").get(2).getAsInt());
		assertTrue(o.get("licence").getAsString().startsWith("OSS-Net code: MIT"));
		assertEquals(2, o.getAsJsonArray("classes").size());
	}

	@Test
	void badInputFailsInOneLineAndKeepsWhatExists() throws IOException {
		Path out = dir.resolve("never.labelfit");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--out", out.toString()).fails(Main.USAGE, "match neither preset");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64", "--out", out.toString()).fails(Main.USAGE,
			"grid must be X,Y,Z");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64,32", "--channels", "4", "--out", out.toString())
			.fails(Main.USAGE, "takes 1 image channel, not 4");
		assertFalse(Files.exists(out));
		Path kept = Files.writeString(dir.resolve("kept.labelfit"), "precious");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64,32", "--out", kept.toString()).fails(Main.USAGE,
			"already exists");
		assertEquals("precious", Files.readString(kept));
	}

	/** A random C network on a 16×16×8 grid (one encoder block). */
	private Path tinyModel() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, 1, 1, new OssNetConfig.Grid(16, 16, 8));
		Path file = dir.resolve("tiny.labelfit");
		OssNetModelFile.save(file, new OssNetModel(c, Patches.Pooling.AVERAGE, "ball", OssNetwork.initialWeights(c, 3), null, Map.of()), () -> false);
		return file;
	}

	/** A NIfTI volume of {@code channels} channels, 14×12×7, spacing 0.5, 0.75, 2. */
	private Path scan(String name, int channels) {
		Random r = new Random(1);
		long[] dims = channels == 1 ? new long[] { 14, 12, 7 } : new long[] { 14, 12, 7, channels };
		float[] v = new float[14 * 12 * 7 * channels];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		Path file = dir.resolve(name);
		Nifti.write(file, ArrayImgs.floats(v, dims), NiftiHeader.create(dims, new double[] { 0.5, 0.75, 2 }, NiftiDataType.FLOAT32));
		return file;
	}

	@Test
	void segmentWritesBinaryLabelsWithTheInputsGeometryAndRepeatsExactly() throws IOException {
		Path model = tinyModel(), scan = scan("scan.nii.gz", 1);
		Path out = dir.resolve("scan_labels.nii.gz");
		String log = Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", out.toString(),
			"--chunk", "64").succeeds().err();
		assertTrue(log.contains("decoder queries"), log);
		ImageData labels = Nifti.read(out);
		assertEquals(List.of(14L, 12L, 7L), java.util.Arrays.stream(labels.dims()).boxed().toList());
		assertEquals(List.of(0.5, 0.75, 2.0), java.util.Arrays.stream(labels.spacing()).boxed().toList());
		for (short[] plane : labels.labelPlanes()) for (short v : plane) assertTrue(v == 0 || v == 1);
		byte[] first = Files.readAllBytes(out);
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", out.toString(), "--overwrite")
			.succeeds();
		ImageData again = Nifti.read(out);
		for (int z = 0; z < 7; z++) assertTrue(java.util.Arrays.equals(labels.labelPlanes()[z], again.labelPlanes()[z]), "repeat, plane " + z);
		// a folder, dense and optimised inference, TIFF output for a TIFF-named file
		Path folder = dir.resolve("labels");
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", folder.toString(), "--inference",
			"dense").succeeds();
		assertTrue(Files.isRegularFile(folder.resolve("scan_labels.nii.gz")));
		Path tif = dir.resolve("scan_labels.tif");
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", tif.toString(), "--inference",
			"mise-optimised").succeeds();
		assertEquals(7, ImageFiles.read(tif).dims()[2]);
		assertTrue(first.length > 0);
	}

	@Test
	void segmentRefusesBadInputInOneLineAndOverwritesNothing() throws IOException {
		Path model = tinyModel();
		Path kept = Files.writeString(dir.resolve("kept.nii.gz"), "precious");
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan("two.nii.gz", 2).toString(), "--output", kept.toString(),
			"--overwrite").fails(Main.USAGE, "has 2 channels, the model takes 1");
		assertEquals("precious", Files.readString(kept));
		Path flat = dir.resolve("flat.tif");
		ImageFiles.writeImage(flat, new ImagePlus("flat", new FloatProcessor(16, 16)));
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", flat.toString(), "--output", dir.resolve("f.nii.gz").toString())
			.fails(Main.USAGE, "2D image; OSS-Net segments 3D volumes");
		Path scan = scan("scan.nii.gz", 1);
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", kept.toString())
			.fails(Main.USAGE, "already exists");
		assertEquals("precious", Files.readString(kept));
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output",
			dir.resolve("missing/deeper/x.nii.gz").toString()).fails(Main.USAGE);
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", dir.resolve("o.nii.gz").toString(),
			"--inference", "fast").fails(Main.USAGE, "inference must be mise, mise-optimised or dense");
		Path unet = dir.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new LinkedHashMap<>();
		c.tensorShapes().forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of()), () -> false);
		Cli.run("ossnet", "segment", "--model", unet.toString(), "--input", scan.toString(), "--output", dir.resolve("o.nii.gz").toString())
			.fails(Main.USAGE, "unet");
		assertFalse(Files.exists(dir.resolve("o.nii.gz")));
	}

	@Test
	void segmentWithMeshWritesTheLabelsSurfaceInPhysicalUnits() throws IOException {
		Path model = tinyModel(), scan = scan("scan.nii.gz", 1);
		Path out = dir.resolve("scan_labels.nii.gz"), mesh = dir.resolve("scan.stl");
		// threshold 0.01: the random network labels every voxel, a 14×12×7 box of 1,176 voxels (under the default 1,728)
		String log = Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", out.toString(),
			"--threshold", "0.01", "--mesh", mesh.toString(), "--mesh-min-voxels", "1").succeeds().err();
		for (short[] plane : Nifti.read(out).labelPlanes()) for (short v : plane) assertEquals(1, v);
		assertTrue(log.contains("scan.stl: "), log);
		java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(mesh)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		int n = b.getInt(80);
		assertTrue(n > 0);
		assertEquals(84 + 50L * n, b.capacity());
		double volume = 0;
		for (int t = 0; t < n; t++) {
			float[] p = new float[9];
			for (int k = 0; k < 9; k++) p[k] = b.getFloat(84 + 50 * t + 12 + 4 * k);
			volume += p[0] * (p[4] * p[8] - p[5] * p[7]) - p[1] * (p[3] * p[8] - p[5] * p[6]) + p[2] * (p[3] * p[7] - p[4] * p[6]);
		}
		assertEquals(org.labelfit.mesh.MarchingCubesTest.boxVolume(14, 12, 7) * 0.5 * 0.75 * 2, volume / 6, 1e-3, "the box, scaled by the spacing");
		// the default minimum removes the whole box: an empty mesh, said so
		Path empty = dir.resolve("empty.obj");
		log = Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", out.toString(), "--overwrite",
			"--threshold", "0.01", "--mesh", empty.toString()).succeeds().err();
		assertTrue(log.contains("1,176 voxels in components under 1,728 voxels removed (empty mesh)"), log);
		assertEquals(0, Files.readAllLines(empty).stream().filter(l -> l.startsWith("f ")).count());
	}

	@Test
	void meshRefusesSeveralInputsAndBadNamesBeforeAnyWork() throws IOException {
		Path model = tinyModel(), scan = scan("scan.nii.gz", 1);
		Path folder = dir.resolve("labels");
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", folder.toString(), "--mesh",
			dir.resolve("m.stl").toString()).fails(Main.USAGE, "a mesh is written for one input file labelled into a file");
		Path out = dir.resolve("scan_labels.nii.gz");
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", out.toString(), "--mesh",
			dir.resolve("m.ply").toString()).fails(Main.USAGE, "mesh file m.ply must end in .stl or .obj");
		Path kept = Files.writeString(dir.resolve("kept.obj"), "precious");
		Cli.run("ossnet", "segment", "--model", model.toString(), "--input", scan.toString(), "--output", out.toString(), "--mesh",
			kept.toString()).fails(Main.USAGE, "already exists");
		assertEquals("precious", Files.readString(kept));
		assertFalse(Files.exists(out), "nothing segmented");
		assertFalse(Files.exists(folder));
	}
}
