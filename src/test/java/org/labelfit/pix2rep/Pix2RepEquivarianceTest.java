package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.nn.FloatArrays.assertClose;
import static org.labelfit.nn.FloatArrays.maxDiff;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.model.Tensor;

/**
 * A network whose every 3×3 kernel is invariant under a quarter turn and whose every 2×2 transposed kernel is
 * constant (the only 2×2 kernels a quarter turn leaves alone) commutes with a 90° rotation on a grid divisible by
 * 32: zero-padded convolutions, 2×2 pooling, upsampling and per-channel BatchNorm all do. So the features of a
 * rotated image are the rotated features, and the warp the pretraining loss uses maps one to the other.
 */
class Pix2RepEquivarianceTest {

	private static final Pix2RepConfig CONFIG = new Pix2RepConfig(2, 8, 0);
	/** float32 rounding only: the rotated pass sums the same products in another order. */
	private static final double TOLERANCE = 1e-5;
	/** θ of {@code affine_grid}: output (x, y) reads input (−y, x), i.e. out[i][j] = in[j][W − 1 − i], as {@link #rotate}. */
	private static final double[] QUARTER_TURN = { 0, -1, 0, 1, 0, 0 };

	@Test
	void featuresOfARotatedImageAreTheRotatedFeaturesOnANonSquareGrid() {
		int b = 2, h = 32, w = 64;
		float[] x = image(b, h, w);
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			Map<String, Tensor> random = randomWeights(m);
			float[] rotatedFeatures = features(m, symmetric(random), rotate(x, b, h, w), b, w, h);
			float[] featuresRotated = rotate(features(m, symmetric(random), x, b, h, w), b * CONFIG.features(), h, w);
			assertClose(rotatedFeatures, featuresRotated, TOLERANCE);
			// the symmetric kernels are what makes it hold: the random network is far from equivariant
			float[] plain = features(m, random, rotate(x, b, h, w), b, w, h);
			float[] plainRotated = rotate(features(m, random, x, b, h, w), b * CONFIG.features(), h, w);
			assertTrue(maxDiff(plain, plainRotated) > 1e-2, "random weights are equivariant too?");
		}
	}

	@Test
	void theAffineWarpOfAQuarterTurnMapsTheFeaturesOfOneViewToThoseOfTheOther() {
		int b = 2, s = 32, f = CONFIG.features();
		float[] x = image(b, s, s);
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			Map<String, Tensor> weights = symmetric(randomWeights(m));
			float[] direct = features(m, weights, x, b, s, s);
			float[] ofRotated = features(m, weights, rotate(x, b, s, s), b, s, s);
			double[][] theta = { QUARTER_TURN, QUARTER_TURN };
			// AffineWarp works on rows (B·H·W, C): one per pixel, channels last
			float[] warped = AffineWarp.full(theta, s, s)
				.apply(m.create(direct, new Shape(b, f, s, s)).transpose(0, 2, 3, 1).reshape(b * s * s, f)).toFloatArray();
			float[] expected = m.create(ofRotated, new Shape(b, f, s, s)).transpose(0, 2, 3, 1).toFloatArray();
			assertClose(expected, warped, TOLERANCE);
		}
	}

	/** Random weights with non-trivial BatchNorm statistics, under the official names. */
	private static Map<String, Tensor> randomWeights(NDManager m) {
		Engines.seed(5);
		Pix2RepNet net = new Pix2RepNet(CONFIG);
		net.initialize(m);
		Random r = new Random(6);
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, Tensor> e : net.export(false).entrySet()) {
			Tensor t = e.getValue();
			String leaf = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
			float[] d = t.data();
			if (t.rank() == 1) {
				double lo = switch (leaf) { case "running_var", "weight" -> 0.5; case "running_mean" -> -0.3; default -> -0.2; };
				double hi = switch (leaf) { case "running_var" -> 2; case "weight" -> 1.5; case "running_mean" -> 0.3; default -> 0.2; };
				for (int i = 0; i < d.length; i++) d[i] = (float) (lo + (hi - lo) * r.nextDouble());
			}
			out.put(e.getKey(), new Tensor(t.shape(), d));
		}
		return out;
	}

	/** Each 3×3 kernel averaged over its four quarter turns; each 2×2 kernel replaced by its mean. */
	private static Map<String, Tensor> symmetric(Map<String, Tensor> weights) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, Tensor> e : weights.entrySet()) {
			Tensor t = e.getValue();
			float[] d = t.data();
			if (t.rank() == 4 && t.shape()[2] > 1) {
				int k = (int) t.shape()[2], plane = k * k;
				for (int p = 0; p < d.length; p += plane) {
					float[] sum = new float[plane], turn = Arrays.copyOfRange(d, p, p + plane);
					for (int q = 0; q < 4; q++) {
						for (int i = 0; i < plane; i++) sum[i] += turn[i] / 4;
						turn = rotate(turn, 1, k, k);
					}
					if (k == 2) Arrays.fill(sum, (sum[0] + sum[1] + sum[2] + sum[3]) / 4);
					System.arraycopy(sum, 0, d, p, plane);
				}
			}
			out.put(e.getKey(), new Tensor(t.shape(), d));
		}
		return out;
	}

	private static float[] features(NDManager m, Map<String, Tensor> weights, float[] x, int b, int h, int w) {
		Pix2RepNet net = new Pix2RepNet(CONFIG);
		net.initialize(m);
		net.load(weights);
		return net.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(b, 1, h, w))), false).singletonOrThrow().toFloatArray();
	}

	/** A quarter turn of {@code planes} H×W planes into W×H ones: out[i][j] = in[j][W − 1 − i] (numpy's rot90). */
	private static float[] rotate(float[] a, int planes, int h, int w) {
		float[] out = new float[a.length];
		for (int p = 0; p < planes; p++)
			for (int i = 0; i < w; i++)
				for (int j = 0; j < h; j++) out[p * h * w + i * h + j] = a[p * h * w + j * w + (w - 1 - i)];
		return out;
	}

	private static float[] image(int b, int h, int w) {
		Random r = new Random(4);
		float[] x = new float[b * h * w];
		for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
		return x;
	}
}
