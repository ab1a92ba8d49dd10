package org.labelfit.universeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.nn.FloatArrays.assertClose;
import static org.labelfit.nn.FloatArrays.maxDiff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.CpuTest;
import org.labelfit.model.Tensor;

class UniverSegNetTest extends CpuTest {


	/** The spec's state-dict table (section 2.3), written out independently of UniverSegConfig. */
	@Test
	void v1HasTheOfficialKeysShapesAndParameterCount() {
		Map<String, long[]> expected = new LinkedHashMap<>();
		for (String block : List.of("enc_blocks.0", "enc_blocks.1", "enc_blocks.2", "enc_blocks.3", "dec_blocks.0", "dec_blocks.1",
			"dec_blocks.2"))
		{
			long in = block.equals("enc_blocks.0") ? 3 : block.startsWith("enc") ? 128 : 256;
			expected.put(block + ".cross.cross_conv.weight", new long[] { 64, in, 3, 3 });
			expected.put(block + ".cross.cross_conv.bias", new long[] { 64 });
			expected.put(block + ".target.vmapped.conv.weight", new long[] { 64, 64, 3, 3 });
			expected.put(block + ".target.vmapped.conv.bias", new long[] { 64 });
			expected.put(block + ".support.vmapped.conv.weight", new long[] { 64, 64, 3, 3 });
			expected.put(block + ".support.vmapped.conv.bias", new long[] { 64 });
		}
		expected.put("out_conv.conv.weight", new long[] { 1, 64, 1, 1 });
		expected.put("out_conv.conv.bias", new long[] { 1 });
		Map<String, long[]> actual = UniverSegConfig.v1().tensorShapes();
		assertEquals(44, actual.size());
		assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
		for (String k : expected.keySet()) assertArrayEquals(expected.get(k), actual.get(k), k);
		assertEquals(1_182_785, UniverSegConfig.v1().parameterCount());
	}

	@Test
	void weightsWithAMissingOrMisshapenKeyAreRefusedByName() {
		Map<String, Tensor> weights = new LinkedHashMap<>(UniverSegNet.initialWeights(UniverSegConfig.v1(), 1));
		weights.remove("dec_blocks.1.target.vmapped.conv.bias");
		assertTrue(assertThrows(LabelFitException.class, () -> UniverSegConfig.v1().requireWeights(weights)).getMessage()
			.contains("'dec_blocks.1.target.vmapped.conv.bias'"));
		weights.put("dec_blocks.1.target.vmapped.conv.bias", new Tensor(new long[] { 63 }, new float[63]));
		String message = assertThrows(LabelFitException.class, () -> UniverSegConfig.v1().requireWeights(weights)).getMessage();
		assertTrue(message.contains("'dec_blocks.1.target.vmapped.conv.bias'") && message.contains("[63]"), message);
	}

	/** PyTorch's kaiming_normal_ (fan in): std = gain/√fan_in; gain √2 for the LeakyReLU convs, 1 for the CrossConvs. */
	@Test
	void initialisationFollowsTheOfficialInit() {
		Map<String, Tensor> w = UniverSegNet.initialWeights(UniverSegConfig.v1(), 7);
		assertEquals(w, UniverSegNet.initialWeights(UniverSegConfig.v1(), 7));
		assertEquals(Math.sqrt(2.0 / 576), std(w.get("enc_blocks.1.target.vmapped.conv.weight")), 0.03 * Math.sqrt(2.0 / 576));
		assertEquals(Math.sqrt(1.0 / 2304), std(w.get("dec_blocks.0.cross.cross_conv.weight")), 0.03 * Math.sqrt(1.0 / 2304));
		for (float x : w.get("enc_blocks.2.cross.cross_conv.bias").data()) assertEquals(0f, x);
	}

	/** UpsamplingBilinear2d(×2) of length 2 and 3, by hand: src = dst·(n − 1)/(2n − 1). */
	@Test
	void upsamplingIsBilinearWithAlignedCorners() {
		assertArrayEquals(new float[] { 1, 0, 2f / 3, 1f / 3, 1f / 3, 2f / 3, 0, 1 }, UniverSegNet.interpolationMatrix(2), 1e-7f);
		// n = 3: src = 0, 0.4, 0.8, 1.2, 1.6, 2
		float[] u = UniverSegNet.interpolationMatrix(3);
		assertArrayEquals(new float[] { 0.6f, 0.4f, 0 }, new float[] { u[3], u[4], u[5] }, 1e-6f);
		assertArrayEquals(new float[] { 0, 0.8f, 0.2f }, new float[] { u[9], u[10], u[11] }, 1e-6f);
		assertArrayEquals(new float[] { 0, 0, 1 }, new float[] { u[15], u[16], u[17] }, 1e-7f);
		try (UniverSegNet net = new UniverSegNet(UniverSegConfig.v1(), UniverSegNet.initialWeights(UniverSegConfig.v1(), 1), manager);
			NDManager m = manager.newSubManager())
		{
			// [[1, 2], [3, 4]] → 4×4; corners kept, (1, 1) = bilinear at (1/3, 1/3) = 1 + 1/3 + 2/3 = 2
			float[] up = net.upsample(m.create(new float[] { 1, 2, 3, 4 }, new Shape(1, 1, 2, 2))).toFloatArray();
			assertEquals(16, up.length);
			assertEquals(1, up[0], 1e-6);
			assertEquals(2, up[3], 1e-6);
			assertEquals(3, up[12], 1e-6);
			assertEquals(4, up[15], 1e-6);
			assertEquals(2, up[5], 1e-6);
			assertEquals(1 + 1.0 / 3, up[1], 1e-6);
		}
	}

	/** The factored forward equals the literal official pairwise CrossConv network. */
	@Test
	void forwardEqualsTheLiteralPairwiseNetwork() {
		UniverSegConfig config = UniverSegConfig.v1();
		Map<String, Tensor> weights = noisyBiases(UniverSegNet.initialWeights(config, 3), 4);
		try (UniverSegNet net = new UniverSegNet(config, weights, manager); NDManager m = manager.newSubManager();
			Autograd noGraph = Autograd.pause())
		{
			NDArray[] in = inputs(m, 2, 3, 32, 5);
			float[] fast = net.forward(in[0], in[1], in[2]).toFloatArray();
			float[] literal = literalForward(m, weights, in[0], in[1], in[2], net).toFloatArray();
			assertEquals(2 * 32 * 32, fast.length);
			assertClose(literal, fast, 1e-4);
		}
	}

	/**
	 * Issue 7: the same input gives the same finite logits, call after call, on the full v1 network (whose
	 * CrossConv input and output conv have partial channel blocks).
	 */
	@Test
	void repeatedForwardPassesAreFiniteAndIdentical() {
		UniverSegConfig config = UniverSegConfig.v1();
		try (UniverSegNet net = new UniverSegNet(config, noisyBiases(UniverSegNet.initialWeights(config, 8), 9), manager);
			NDManager m = manager.newSubManager(); Autograd noGraph = Autograd.pause())
		{
			NDArray[] in = inputs(m, 2, 3, 32, 10);
			float[] first = net.forward(in[0], in[1], in[2]).toFloatArray();
			for (float v : first) assertTrue(Float.isFinite(v));
			for (int run = 2; run <= 10; run++) assertArrayEquals(first, net.forward(in[0], in[1], in[2]).toFloatArray(), "run " + run);
		}
	}

	/** CrossBlocks average over the support set, so reordering it cannot change the query's output. */
	@Test
	void outputIsInvariantToTheOrderOfTheSupportSet() {
		UniverSegConfig config = UniverSegConfig.uniform(16, 4);
		Map<String, Tensor> weights = noisyBiases(UniverSegNet.initialWeights(config, 5), 6);
		try (UniverSegNet net = new UniverSegNet(config, weights, manager); NDManager m = manager.newSubManager();
			Autograd noGraph = Autograd.pause())
		{
			NDArray[] in = inputs(m, 1, 4, 32, 9);
			float[] original = net.forward(in[0], in[1], in[2]).toFloatArray();
			NDArray order = m.create(new long[] { 2, 0, 3, 1 });
			NDArray images = in[1].squeeze(0).get(order).expandDims(0);
			NDArray labels = in[2].squeeze(0).get(order).expandDims(0);
			float[] permuted = net.forward(in[0], images, labels).toFloatArray();
			assertClose(original, permuted, 1e-5);
			// and it does depend on the labels
			float[] flipped = net.forward(in[0], in[1], in[2].neg().add(1)).toFloatArray();
			assertTrue(maxDiff(original, flipped) > 1e-3);
		}
	}

	@Test
	void inputsOfTheWrongShapeAreRefused() {
		try (UniverSegNet net = new UniverSegNet(UniverSegConfig.v1(), UniverSegNet.initialWeights(UniverSegConfig.v1(), 1), manager);
			NDManager m = manager.newSubManager())
		{
			NDArray[] in = inputs(m, 1, 2, 36, 1);
			assertTrue(assertThrows(LabelFitException.class, () -> net.forward(in[0], in[1], in[2])).getMessage().contains("multiple of 8"));
			NDArray[] ok = inputs(m, 1, 2, 32, 1);
			assertThrows(LabelFitException.class, () -> net.forward(ok[0], ok[1], ok[1].reshape(1, 1, 2, 32, 32)));
		}
	}

	// ---- the literal official computation, for comparison ----

	private static NDArray literalForward(NDManager m, Map<String, Tensor> weights, NDArray query, NDArray images, NDArray labels,
		UniverSegNet upsampler)
	{
		Map<String, NDArray> p = new HashMap<>();
		for (Map.Entry<String, Tensor> e : weights.entrySet())
			p.put(e.getKey(), m.create(e.getValue().data(), new Shape(e.getValue().shape())));
		long b = query.getShape().get(0), h = query.getShape().get(2), w = query.getShape().get(3);
		NDArray target = query.reshape(b, 1, 1, h, w);
		NDArray support = NDArrays.concat(new NDList(images, labels), 2);
		List<NDArray[]> skips = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			NDArray[] tv = literalBlock(p, "enc_blocks." + i, target, support);
			target = tv[0];
			support = tv[1];
			if (i < 3) {
				skips.add(tv);
				target = vmap(target, x -> Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
				support = vmap(support, x -> Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
			}
		}
		for (int j = 0; j < 3; j++) {
			NDArray[] skip = skips.get(2 - j);
			target = vmap(target, upsampler::upsample).concat(skip[0], 2);
			support = vmap(support, upsampler::upsample).concat(skip[1], 2);
			NDArray[] tv = literalBlock(p, "dec_blocks." + j, target, support);
			target = tv[0];
			support = tv[1];
		}
		NDArray t = target.squeeze(1);
		return Conv2d.conv2d(t, p.get("out_conv.conv.weight"), p.get("out_conv.conv.bias")).singletonOrThrow();
	}

	/** CrossOp: every (target, support_j) pair concatenated [target, support] and convolved; mean over S; then both ConvOps. */
	private static NDArray[] literalBlock(Map<String, NDArray> p, String prefix, NDArray target, NDArray support) {
		Shape ts = target.getShape(), ss = support.getShape();
		long b = ts.get(0), s = ss.get(1);
		NDArray pairs = target.broadcast(b, s, ts.get(2), ts.get(3), ts.get(4)).concat(support, 2);
		NDArray z = vmap(pairs, x -> Conv2d.conv2d(x, p.get(prefix + ".cross.cross_conv.weight"), p.get(prefix + ".cross.cross_conv.bias"),
			new Shape(1, 1), new Shape(1, 1)).singletonOrThrow());
		NDArray mean = z.mean(new int[] { 1 }, true);
		NDArray newTarget = vmap(mean, x -> convOp(p, prefix + ".target", x));
		NDArray newSupport = vmap(z, x -> convOp(p, prefix + ".support", x));
		return new NDArray[] { newTarget, newSupport };
	}

	private static NDArray convOp(Map<String, NDArray> p, String prefix, NDArray x) {
		return Activation.leakyRelu(Conv2d.conv2d(x, p.get(prefix + ".vmapped.conv.weight"), p.get(prefix + ".vmapped.conv.bias"),
			new Shape(1, 1), new Shape(1, 1)).singletonOrThrow(), 0.01f);
	}

	/** Applies a 4D op to a 5D (B, S, C, H, W) array with B and S folded into the batch axis. */
	private static NDArray vmap(NDArray x, java.util.function.UnaryOperator<NDArray> op) {
		Shape s = x.getShape();
		NDArray y = op.apply(x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4)));
		Shape ys = y.getShape();
		return y.reshape(s.get(0), s.get(1), ys.get(1), ys.get(2), ys.get(3));
	}

	// ---- helpers ----

	static NDArray[] inputs(NDManager m, int b, int s, int size, long seed) {
		Random rng = new Random(seed);
		float[] q = new float[b * size * size], images = new float[b * s * size * size], labels = new float[images.length];
		for (int i = 0; i < q.length; i++) q[i] = rng.nextFloat();
		for (int i = 0; i < images.length; i++) {
			images[i] = rng.nextFloat();
			labels[i] = rng.nextBoolean() ? 1 : 0;
		}
		return new NDArray[] { m.create(q, new Shape(b, 1, size, size)), m.create(images, new Shape(b, s, 1, size, size)),
			m.create(labels, new Shape(b, s, 1, size, size)) };
	}

	/** Biases are zero at initialisation; give them values so the bias paths are exercised too. */
	static Map<String, Tensor> noisyBiases(Map<String, Tensor> weights, long seed) {
		Random rng = new Random(seed);
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, Tensor> e : weights.entrySet()) {
			Tensor t = e.getValue();
			if (t.rank() == 1) {
				float[] d = new float[t.size()];
				for (int i = 0; i < d.length; i++) d[i] = (float) (rng.nextGaussian() * 0.1);
				t = new Tensor(t.shape(), d);
			}
			out.put(e.getKey(), t);
		}
		return out;
	}

	private static double std(Tensor t) {
		double sum = 0, sq = 0;
		for (float x : t.data()) {
			sum += x;
			sq += x * x;
		}
		double mean = sum / t.size();
		return Math.sqrt(sq / t.size() - mean * mean);
	}
}
