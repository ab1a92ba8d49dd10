package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.labelfit.ReferenceHash;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.CpuTest;
import org.labelfit.model.StateDictFile;
import org.labelfit.model.Tensor;

/**
 * Every variant's forward pass, with running statistics and with batch statistics, against an independent float64
 * NumPy implementation written from the spec (docs/bench/ossnet_reference.py; REFERENCE.md next to the .npz says
 * how the weights and inputs are hashed).
 */
class OssNetReferenceTest extends CpuTest {

	private static final OssNetConfig.Grid GRID = new OssNetConfig.Grid(64, 96, 32);
	private static final int CHANNELS = 2, BLOCKS = 4, BATCH = 2, POINTS = 24;
	/**
	 * Probabilities in float32 against float64: measured differences are at most 1.3e-6 (REFERENCE.md); 2e-5 leaves room for
	 * other CPUs' summation orders while a wrong tensor, axis or statistic moves them by 1e-2 or more.
	 */
	private static final float TOLERANCE = 2e-5f;

	private static Map<String, Tensor> expected;

	@BeforeAll
	static void load() throws URISyntaxException {
		URL url = OssNetReferenceTest.class.getResource("ossnet_reference.npz");
		assertNotNull(url, "ossnet_reference.npz");
		expected = StateDictFile.read(Path.of(url.toURI()), "ossnet_reference.npz");
	}

	@Test
	void onet() {
		check(OssNetVariant.ONET, "onet");
	}

	@Test
	void a() {
		check(OssNetVariant.A, "A");
	}

	@Test
	void b() {
		check(OssNetVariant.B, "B");
	}

	@Test
	void c() {
		check(OssNetVariant.C, "C");
	}

	@Test
	void d() {
		check(OssNetVariant.D, "D");
	}

	private static void check(OssNetVariant variant, String name) {
		OssNetConfig config = new OssNetConfig(variant, CHANNELS, BLOCKS, GRID);
		float[] volume = volume();
		int[][] points = points();
		Map<String, Tensor> weights = weights(config);
		for (boolean training : new boolean[] { false, true }) {
			// a fresh network for each mode: batch statistics update the running ones
			try (OssNetwork net = new OssNetwork(config, weights, manager); NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
				scope.suppressNotUsedWarning();
				NDArray v = manager.create(volume, new Shape(BATCH, CHANNELS, GRID.x(), GRID.y(), GRID.z()));
				OssNetwork.Encoded e = net.encode(OssNetwork.downsample(v), training);
				float[] coordinates = new float[BATCH * POINTS * 3];
				for (int b = 0; b < BATCH; b++) for (int i = 0; i < 3 * POINTS; i++) coordinates[b * 3 * POINTS + i] = points[b][i];
				NDArray patches = null;
				if (variant.localPatches()) {
					int per = POINTS * config.patchChannels() * OssNetConfig.PATCH_FEATURES, size = CHANNELS * (int) GRID.voxels();
					float[] all = new float[BATCH * per];
					for (int b = 0; b < BATCH; b++) {
						float[] one = java.util.Arrays.copyOfRange(volume, b * size, (b + 1) * size);
						System.arraycopy(Patches.extract(one, CHANNELS, GRID, points[b], variant.largePatches(), Patches.Pooling.AVERAGE), 0, all, b * per, per);
					}
					patches = manager.create(all, new Shape(BATCH, POINTS, config.patchChannels(), 7, 7, 7));
				}
				float[] probabilities = net.decode(e, manager.create(coordinates, new Shape(BATCH, POINTS, 3)), patches, training).toFloatArray();
				String key = name + (training ? "_train" : "_eval");
				assertClose(expected.get(key).data(), probabilities, key);
				if (variant.skipEncoder() && !training) assertClose(expected.get(name + "_lowres").data(), e.lowRes().toFloatArray(), name + " low-res");
			}
		}
	}

	private static void assertClose(float[] want, float[] got, String what) {
		assertTrue(want.length == got.length, what);
		assertArrayEquals(want, got, TOLERANCE, what);
	}

	/** REFERENCE.md: stream crc32(name); by name, as the script assigns them. */
	static Map<String, Tensor> weights(OssNetConfig config) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : OssNetTensors.shapes(config).entrySet()) {
			String name = e.getKey();
			long[] shape = e.getValue();
			CRC32 crc = new CRC32();
			crc.update(name.getBytes(StandardCharsets.UTF_8));
			long c = crc.getValue();
			float[] v = new float[(int) Tensor.elementCount(shape)];
			for (int i = 0; i < v.length; i++) {
				double u = ReferenceHash.uniform(i, c), s = u - 0.5, x;
				if (name.endsWith(".num_batches_tracked")) x = 0;
				else if (name.endsWith(".weight_numerator")) x = Pade.INIT_NUMERATOR[i] + 0.1 * s;
				else if (name.endsWith(".weight_denominator")) x = Pade.INIT_DENOMINATOR[i] + 0.1 * s;
				else if (name.endsWith(".running_var")) x = 0.5 + u;
				else if (name.endsWith(".running_mean")) x = 0.2 * s;
				else if (name.contains(".linear_gamma.") && name.endsWith(".bias")) x = 1 + 0.2 * s;
				else if (shape.length == 1 && name.endsWith(".weight")) x = 1 + 0.2 * s;
				else if (shape.length == 1) x = 0.2 * s;
				else x = 2 * s * Math.sqrt(3.0 / (Tensor.elementCount(shape) / shape[0]));
				v[i] = (float) x;
			}
			out.put(name, Tensor.adopt(shape, v));
		}
		return out;
	}

	/** (B, C, X, Y, Z): 4(u − 0.5) of stream 11. */
	private static float[] volume() {
		float[] v = new float[BATCH * CHANNELS * (int) GRID.voxels()];
		for (int i = 0; i < v.length; i++) v[i] = (float) (4 * (ReferenceHash.uniform(i, 11) - 0.5));
		return v;
	}

	/** Point i of sample b: floor(u·side) of stream 101 + b; points 0 and 1 are the grid's first and last voxel. */
	private static int[][] points() {
		int[] sides = GRID.toArray();
		int[][] p = new int[BATCH][3 * POINTS];
		for (int b = 0; b < BATCH; b++) {
			for (int i = 0; i < 3 * POINTS; i++) p[b][i] = (int) Math.floor(ReferenceHash.uniform(i, 101 + b) * sides[i % 3]);
			for (int a = 0; a < 3; a++) {
				p[b][a] = 0;
				p[b][3 + a] = sides[a] - 1;
			}
		}
		return p;
	}
}
