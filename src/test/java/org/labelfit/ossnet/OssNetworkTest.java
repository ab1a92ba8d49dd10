package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Convolution3d;
import org.labelfit.engine.CpuTest;
import org.labelfit.engine.PaddedConvolution;
import org.labelfit.model.Tensor;

/** The whole network on a small grid (64×64×32, encoder 32×32×16, latent 2×2×1), and its parts against hand computations. */
class OssNetworkTest extends CpuTest {

	static final OssNetConfig.Grid GRID = new OssNetConfig.Grid(64, 64, 32);
	static final int BATCH = 2, POINTS = 16;


	@Test
	void everyVariantGivesOneProbabilityPerPoint() {
		Random r = new Random(5);
		int channels = 2;
		float[][] volumes = new float[BATCH][channels * (int) GRID.voxels()];
		for (float[] v : volumes) for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		int[][] points = new int[BATCH][3 * POINTS];
		for (int[] p : points)
			for (int i = 0; i < POINTS; i++) {
				p[3 * i] = r.nextInt(GRID.x());
				p[3 * i + 1] = r.nextInt(GRID.y());
				p[3 * i + 2] = r.nextInt(GRID.z());
			}
		for (OssNetVariant v : OssNetVariant.values()) {
			OssNetConfig c = new OssNetConfig(v, channels, 4, GRID);
			try (OssNetwork net = new OssNetwork(c, OssNetwork.initialWeights(c, 7), manager); NDScope scope = new NDScope();
				Autograd noGraph = Autograd.pause())
			{
				scope.suppressNotUsedWarning();
				float[] flat = new float[BATCH * volumes[0].length];
				for (int b = 0; b < BATCH; b++) System.arraycopy(volumes[b], 0, flat, b * volumes[0].length, volumes[0].length);
				NDArray volume = manager.create(flat, new Shape(BATCH, channels, GRID.x(), GRID.y(), GRID.z()));
				OssNetwork.Encoded e = net.encode(OssNetwork.downsample(volume), false);
				assertEquals(new Shape(BATCH, v.latentChannels(), 4), e.latent().getShape(), v.title());
				if (v.skipEncoder()) {
					assertEquals(new Shape(BATCH, 1, 2, 2, 1), e.lowRes().getShape());
					for (float p : e.lowRes().toFloatArray()) assertTrue(p > 0 && p < 1);
				}
				else assertNull(e.lowRes());
				NDArray patches = v.localPatches() ? patches(c, volumes, points) : null;
				float[] coordinates = new float[BATCH * 3 * POINTS];
				for (int b = 0; b < BATCH; b++) for (int i = 0; i < 3 * POINTS; i++) coordinates[b * 3 * POINTS + i] = points[b][i];
				NDArray out = net.decode(e, manager.create(coordinates, new Shape(BATCH, POINTS, 3)), patches, false);
				assertEquals(new Shape(BATCH, POINTS), out.getShape());
				for (float p : out.toFloatArray()) assertTrue(p > 0 && p < 1, v.title() + ": " + p);
				if (v.localPatches()) assertThrows(LabelFitException.class, () -> net.decode(e, manager.zeros(new Shape(BATCH, POINTS, 3)), null, false));
			}
		}
	}

	private static NDArray patches(OssNetConfig c, float[][] volumes, int[][] points) {
		int per = POINTS * c.patchChannels() * OssNetConfig.PATCH_FEATURES;
		float[] all = new float[BATCH * per];
		for (int b = 0; b < BATCH; b++)
			System.arraycopy(Patches.extract(volumes[b], c.channels(), c.grid(), points[b], c.variant().largePatches(), Patches.Pooling.AVERAGE), 0, all,
				b * per, per);
		return manager.create(all, new Shape(BATCH, POINTS, c.patchChannels(), 7, 7, 7));
	}

	@Test
	void trainingModeUsesBatchStatisticsAndUpdatesTheRunningOnes() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.ONET, 1, 4, GRID);
		try (OssNetwork net = new OssNetwork(c, OssNetwork.initialWeights(c, 3), manager); NDScope scope = new NDScope();
			Autograd noGraph = Autograd.pause())
		{
			scope.suppressNotUsedWarning();
			NDArray volume = manager.randomNormal(new Shape(2, 1, 32, 32, 16));
			NDArray points = manager.randomUniform(0, 30, new Shape(2, 8, 3)).floor();
			float[] eval = net.decode(net.encode(volume, false), points, null, false).toFloatArray();
			assertEquals(0, net.tensors().get("encoder.blocks.0.main_mapping.1.num_batches_tracked").getFloat());
			net.decode(net.encode(volume, true), points, null, true);
			Map<String, NDArray> t = net.tensors();
			assertEquals(1, t.get("encoder.blocks.0.main_mapping.1.num_batches_tracked").getFloat());
			assertEquals(1, t.get("decoder.blocks.3.cnb_2.normalization.num_batches_tracked").getFloat());
			assertTrue(Math.abs(t.get("decoder.blocks.0.cnb_1.normalization.running_mean").getFloat()) > 0, "running mean moved");
			assertTrue(t.get("encoder.final_mapping.1.running_var").getFloat() != 1, "running variance moved");
			float[] after = net.decode(net.encode(volume, false), points, null, false).toFloatArray();
			assertTrue(!java.util.Arrays.equals(eval, after), "inference uses the updated running statistics");
		}
	}

	@Test
	void conditionalBatchNormUsesOneScalarMeanAndVariance() {
		int b = 2, n = 4, f = 5, l = 3;
		Random r = new Random(11);
		double[] h = gaussian(r, b * n * f, 2), z = gaussian(r, b * l, 1), wg = gaussian(r, f * l, 0.5), bg = gaussian(r, f, 0.5),
			wb = gaussian(r, f * l, 0.5), bb = gaussian(r, f, 0.5);
		double mean = 0, sq = 0;
		for (double v : h) mean += v / h.length;
		for (double v : h) sq += (v - mean) * (v - mean);
		double var = sq / h.length, unbiased = sq / (h.length - 1);
		OssNetConfig c = new OssNetConfig(OssNetVariant.ONET, 1, 4, GRID);
		try (OssDecoder decoder = new OssDecoder(c, manager); NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
			scope.suppressNotUsedWarning();
			Map<String, NDArray> p = new HashMap<>();
			p.put("x.linear_gamma.weight", array(wg, f, l));
			p.put("x.linear_gamma.bias", array(bg, f));
			p.put("x.linear_beta.weight", array(wb, f, l));
			p.put("x.linear_beta.bias", array(bb, f));
			p.put("x.normalization.running_mean", manager.zeros(new Shape(1)));
			p.put("x.normalization.running_var", manager.ones(new Shape(1)));
			p.put("x.normalization.num_batches_tracked", manager.zeros(new Shape()));
			NDArray hs = array(h, b * n, f), zs = array(z, b, l);
			float[] train = decoder.conditionalNorm(hs, zs, b, p, "x", true).toFloatArray();
			assertEquals(0.1 * mean, p.get("x.normalization.running_mean").getFloat(), 1e-6);
			assertEquals(0.9 + 0.1 * unbiased, p.get("x.normalization.running_var").getFloat(), 1e-5);
			assertEquals(1, p.get("x.normalization.num_batches_tracked").getFloat());
			float[] eval = decoder.conditionalNorm(hs, zs, b, p, "x", false).toFloatArray();
			double runningMean = 0.1 * mean, runningVar = 0.9 + 0.1 * unbiased;
			for (int s = 0; s < b; s++)
				for (int i = 0; i < n; i++)
					for (int j = 0; j < f; j++) {
						double gamma = bg[j], beta = bb[j];
						for (int k = 0; k < l; k++) {
							gamma += wg[j * l + k] * z[s * l + k];
							beta += wb[j * l + k] * z[s * l + k];
						}
						int at = (s * n + i) * f + j;
						assertEquals(gamma * (h[at] - mean) / Math.sqrt(var + 1e-5) + beta, train[at], 1e-5, "training, element " + at);
						assertEquals(gamma * (h[at] - runningMean) / Math.sqrt(runningVar + 1e-5) + beta, eval[at], 1e-5, "inference, element " + at);
					}
		}
	}

	@Test
	void patchMappingEqualsTheConvolutionsItRewrites() {
		for (OssNetVariant v : new OssNetVariant[] { OssNetVariant.A, OssNetVariant.D }) {
			OssNetConfig c = new OssNetConfig(v, 3, 4, GRID);
			Map<String, Tensor> w = OssNetwork.initialWeights(c, 9);
			try (PatchMapping mapping = new PatchMapping(c, manager); NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
				scope.suppressNotUsedWarning();
				Map<String, NDArray> p = new HashMap<>();
				for (String k : w.keySet())
					if (k.startsWith(PatchMapping.PREFIX)) p.put(k, manager.create(w.get(k).data(), new Shape(w.get(k).shape())));
				NDArray x = manager.randomNormal(new Shape(5, c.patchChannels(), 7, 7, 7));
				float[] fast = mapping.apply(x, p).toFloatArray();
				Shape same = PaddedConvolution.same(3, 7);
				NDArray h = Layers.pade(Convolution3d.conv3d(x, p.get(PatchMapping.PREFIX + ".0.weight"), p.get(PatchMapping.PREFIX + ".0.bias"), same), p,
					PatchMapping.PREFIX + ".1");
				NDArray y = Layers.pade(Convolution3d.conv3d(h, p.get(PatchMapping.PREFIX + ".3.weight"), p.get(PatchMapping.PREFIX + ".3.bias"), same), p,
					PatchMapping.PREFIX + ".4");
				assertEquals(new Shape(5, 1, 7, 7, 7), y.getShape());
				assertArrayEquals(y.toFloatArray(), fast, 1e-5f, v.title());
			}
		}
	}

	@Test
	void downsampleIsTrilinearAtHalfResolution() {
		// align_corners = false at scale 0.5 samples output i at input 2i + 0.5: the mean of voxels 2i and 2i + 1 on each axis
		float[] v = new float[4 * 4 * 2];
		for (int i = 0; i < v.length; i++) v[i] = i * i;
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			float[] d = OssNetwork.downsample(manager.create(v, new Shape(1, 1, 4, 4, 2))).toFloatArray();
			assertEquals(4, d.length);
			for (int a = 0; a < 2; a++)
				for (int b = 0; b < 2; b++) {
					double mean = 0;
					for (int x = 2 * a; x < 2 * a + 2; x++) for (int y = 2 * b; y < 2 * b + 2; y++) for (int z = 0; z < 2; z++) mean += v[(x * 4 + y) * 2 + z] / 8.0;
					assertEquals(mean, d[a * 2 + b], 1e-3);
				}
		}
	}

	@Test
	void initialWeightsFollowPyTorchAndTheSpec() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, 2, 4, GRID);
		Map<String, Tensor> w = OssNetwork.initialWeights(c, 1);
		assertEquals(OssNetTensors.shapes(c).keySet(), w.keySet());
		assertAll(w.get("decoder.blocks.2.cnb_1.linear_gamma.bias"), 1);
		assertAll(w.get("decoder.blocks.2.cnb_1.linear_gamma.weight"), 0);
		assertAll(w.get("decoder.blocks.2.cnb_2.linear_beta.bias"), 0);
		assertAll(w.get("decoder.blocks.2.cnb_2.linear_beta.weight"), 0);
		assertAll(w.get("encoder.blocks.1.main_mapping.6.weight"), 1);
		assertAll(w.get("encoder.blocks.1.main_mapping.6.bias"), 0);
		assertAll(w.get("encoder.blocks.1.main_mapping.6.running_var"), 1);
		assertAll(w.get("decoder.blocks.0.cnb_1.normalization.running_var"), 1);
		assertAll(w.get("decoder.blocks.0.cnb_1.normalization.running_mean"), 0);
		assertEquals((float) Pade.INIT_DENOMINATOR[1], w.get("encoder.output_mappings.2.3.weight_denominator").get(1));
		assertEquals((float) Pade.INIT_NUMERATOR[5], w.get("decoder.blocks.4.final_activation.weight_numerator").get(5));
		// kaiming_uniform(a = √5): U(±1/√fan_in); fan_in of the first conv is 2·27, of decoder block 1's first linear 512
		assertBounded(w.get("encoder.blocks.0.main_mapping.0.weight"), 1 / Math.sqrt(54));
		assertBounded(w.get("decoder.blocks.1.linear_layer_1.bias"), 1 / Math.sqrt(512));
		assertBounded(w.get("encoder.final_mapping.0.bias"), 1 / Math.sqrt(c.sideChannels() * 125));
	}

	private static void assertAll(Tensor t, float value) {
		assertNotNull(t);
		for (float v : t.data()) assertEquals(value, v);
	}

	private static void assertBounded(Tensor t, double bound) {
		double max = 0;
		for (float v : t.data()) max = Math.max(max, Math.abs(v));
		assertTrue(max <= bound && max > 0.8 * bound, "max " + max + " vs bound " + bound);
	}

	private static double[] gaussian(Random r, int n, double sd) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * sd;
		return v;
	}

	private static NDArray array(double[] v, long... shape) {
		float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		return manager.create(f, new Shape(shape));
	}
}
