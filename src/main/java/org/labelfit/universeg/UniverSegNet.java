package org.labelfit.universeg;

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
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Convolution2d;
import org.labelfit.model.Tensor;

/**
 * The UniverSeg network over named parameter arrays (see {@link UniverSegConfig}).
 * <p>
 * A CrossConv applies one conv W to the channel concatenation [q, s_j] of the query with every
 * support element. Convolution is linear, so W·[q, s_j] + b = W_q·q + b + W_s·s_j with W split along
 * its input channels: the query term is computed once instead of S times, which halves the cost
 * of every CrossConv. The query only needs the mean over j, and in the last decoder block (whose
 * support output the network never uses) that mean is W_q·q + b + W_s·mean_j(s_j), so the most
 * expensive block runs on two single images instead of S pairs. Both are exact rewrites of the
 * official pairwise computation, checked against it and against an independent NumPy forward in the
 * tests. Intermediates are closed as soon as they are consumed, so peak memory is the live set of
 * one block rather than the whole pass; autograd keeps what it saved for backward on its own.
 */
public final class UniverSegNet implements AutoCloseable {

	private static final float LEAK = 0.01f;
	private static final Shape PAD = new Shape(1, 1), NO_PAD = new Shape(0, 0), POOL = new Shape(2, 2);

	private final UniverSegConfig config;
	private final NDManager manager;
	private final Map<String, NDArray> params = new LinkedHashMap<>();
	/** Bilinear ×2 (align_corners) interpolation matrices by input length, kept for the net's lifetime. */
	private final Map<Integer, NDArray[]> upsampling = new HashMap<>();

	/** A network with weights copied from {@code weights} onto {@code manager}'s device. */
	public UniverSegNet(UniverSegConfig config, Map<String, Tensor> weights, NDManager manager) {
		this.config = config;
		this.manager = manager.newSubManager();
		config.requireWeights(weights);
		for (String name : config.tensorShapes().keySet()) {
			Tensor t = weights.get(name);
			NDArray a = this.manager.create(t.data(), new Shape(t.shape()));
			a.setName(name);
			params.put(name, a);
		}
	}

	public UniverSegConfig config() {
		return config;
	}

	/**
	 * Fresh weights as the official {@code init.py} makes them for training from scratch:
	 * kaiming-normal (fan in) with the gain of the layer's nonlinearity (√2 for the LeakyReLU convs,
	 * PyTorch's {@code kaiming_normal_} default a = 0; 1 for the CrossConvs and the output conv,
	 * which have none) and zero biases.
	 */
	public static Map<String, Tensor> initialWeights(UniverSegConfig config, long seed) {
		Random rng = new Random(seed);
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
			long[] shape = e.getValue();
			float[] data = new float[(int) Tensor.elementCount(shape)];
			if (shape.length == 4) {
				double gain = e.getKey().contains(".vmapped.") ? Math.sqrt(2) : 1;
				double std = gain / Math.sqrt(shape[1] * shape[2] * shape[3]);
				for (int i = 0; i < data.length; i++) data[i] = (float) (rng.nextGaussian() * std);
			}
			out.put(e.getKey(), new Tensor(shape, data));
		}
		return out;
	}

	/** The parameters in state-dict order. */
	public NDList parameters() {
		return new NDList(params.values());
	}

	/** Makes every parameter a leaf that collects gradients, for training. */
	public void attachGradients() {
		for (NDArray p : params.values()) p.setRequiresGradient(true);
	}

	/** Every tensor copied off the device, by official name. */
	public Map<String, Tensor> export() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : params.entrySet())
			out.put(e.getKey(), new Tensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
		return out;
	}

	/**
	 * Logits (B, 1, H, W) of queries (B, 1, H, W) given supports (B, S, 1, H, W) and their binary
	 * labels (B, S, 1, H, W); H and W multiples of {@link UniverSegConfig#divisor()}.
	 */
	public NDArray forward(NDArray query, NDArray supportImages, NDArray supportLabels) {
		Shape qs = query.getShape(), ss = supportImages.getShape();
		if (qs.dimension() != 4 || qs.get(1) != 1 || ss.dimension() != 5 || ss.get(0) != qs.get(0) || ss.get(2) != 1 ||
			ss.get(3) != qs.get(2) || ss.get(4) != qs.get(3) || !ss.equals(supportLabels.getShape()))
			throw new LabelFitException("UniverSeg takes a query (B, 1, H, W) and supports (B, S, 1, H, W); got " + qs + ", " + ss +
				", " + supportLabels.getShape());
		long b = qs.get(0), s = ss.get(1), h = qs.get(2), w = qs.get(3);
		if (h % config.divisor() != 0 || w % config.divisor() != 0)
			throw new LabelFitException("UniverSeg input " + h + "×" + w + " is not a multiple of " + config.divisor());
		NDArray q = query;
		NDArray v = NDArrays.concat(new NDList(supportImages, supportLabels), 2).reshape(b * s, 2, h, w);
		List<NDArray> querySkips = new ArrayList<>(), supportSkips = new ArrayList<>();
		int n = config.encoderBlocks();
		for (int i = 0; i < n; i++) {
			NDArray[] qv = crossBlock("enc_blocks." + i, q, v, b, s);
			if (q != query) q.close();
			v.close();
			if (i == n - 1) {
				q = qv[0];
				v = qv[1];
				break;
			}
			querySkips.add(qv[0]);
			supportSkips.add(qv[1]);
			q = maxPool(qv[0]);
			v = maxPool(qv[1]);
		}
		for (int j = 0; j < config.decoderBlocks(); j++) {
			NDArray querySkip = querySkips.remove(querySkips.size() - 1), supportSkip = supportSkips.remove(supportSkips.size() - 1);
			NDArray qIn = concatClosing(upsample(q), querySkip);
			q.close();
			if (j < config.decoderBlocks() - 1) {
				NDArray vIn = concatClosing(upsample(v), supportSkip);
				v.close();
				NDArray[] qv = crossBlock("dec_blocks." + j, qIn, vIn, b, s);
				qIn.close();
				vIn.close();
				q = qv[0];
				v = qv[1];
			}
			else {
				NDArray meanIn = concatClosing(upsample(meanOverSupport(v, b, s)), meanOverSupport(supportSkip, b, s));
				v.close();
				supportSkip.close();
				q = lastBlock("dec_blocks." + j, qIn, meanIn);
				qIn.close();
				meanIn.close();
			}
		}
		NDArray logits = conv(q, p("out_conv.conv.weight"), p("out_conv.conv.bias"), NO_PAD);
		q.close();
		return logits;
	}

	/** CrossOp then the target and support convs: returns {q', v'} with q (B, Cq, H, W) and v (B·S, Cs, H, W). */
	private NDArray[] crossBlock(String prefix, NDArray q, NDArray v, long b, long s) {
		NDArray z = crossConv(prefix, q, v, b, s);
		NDArray u = z.mean(new int[] { 1 });
		NDArray qOut = convLeaky(u, prefix + ".target");
		u.close();
		Shape zs = z.getShape();
		NDArray flat = z.reshape(b * s, zs.get(2), zs.get(3), zs.get(4));
		z.close();
		NDArray vOut = convLeaky(flat, prefix + ".support");
		flat.close();
		return new NDArray[] { qOut, vOut };
	}

	/** Raw CrossConv outputs z (B, S, C, H, W): W_q·q + b broadcast over S plus W_s·v_j. */
	private NDArray crossConv(String prefix, NDArray q, NDArray v, long b, long s) {
		NDArray[] split = splitCross(prefix, q.getShape().get(1));
		NDArray zq = conv(q, split[0], p(prefix + ".cross.cross_conv.bias"), PAD);
		NDArray zv = conv(v, split[1], null, PAD);
		closeAll(split);
		Shape vs = zv.getShape();
		NDArray zv5 = zv.reshape(b, s, vs.get(1), vs.get(2), vs.get(3));
		zv.close();
		NDArray zq5 = zq.expandDims(1);
		zq.close();
		NDArray z = zv5.add(zq5);
		zv5.close();
		zq5.close();
		return z;
	}

	/** The last decoder block, query side only: its CrossConv mean is W_q·q + b + W_s·mean_j(v_j). */
	private NDArray lastBlock(String prefix, NDArray q, NDArray meanSupport) {
		NDArray[] split = splitCross(prefix, q.getShape().get(1));
		NDArray zq = conv(q, split[0], p(prefix + ".cross.cross_conv.bias"), PAD);
		NDArray zv = conv(meanSupport, split[1], null, PAD);
		closeAll(split);
		NDArray u = zq.add(zv);
		zq.close();
		zv.close();
		NDArray out = convLeaky(u, prefix + ".target");
		u.close();
		return out;
	}

	/** The CrossConv weight split along input channels into its query part [0, cq) and support part [cq, end). */
	private NDArray[] splitCross(String prefix, long cq) {
		NDArray weight = p(prefix + ".cross.cross_conv.weight");
		return new NDArray[] { weight.get(new NDIndex(":, :{}", cq)), weight.get(new NDIndex(":, {}:", cq)) };
	}

	private NDArray convLeaky(NDArray x, String prefix) {
		NDArray c = conv(x, p(prefix + ".vmapped.conv.weight"), p(prefix + ".vmapped.conv.bias"), PAD);
		NDArray out = Activation.leakyRelu(c, LEAK);
		c.close();
		return out;
	}

	private static NDArray conv(NDArray x, NDArray weight, NDArray bias, Shape padding) {
		return Convolution2d.conv2d(x, weight, bias, padding);
	}

	private static NDArray maxPool(NDArray x) {
		return Pool.maxPool2d(x, POOL, POOL, NO_PAD, false);
	}

	/** (B·S, C, H, W) → (B, C, H, W), the mean over each query's S support elements. */
	private static NDArray meanOverSupport(NDArray v, long b, long s) {
		Shape vs = v.getShape();
		NDArray v5 = v.reshape(b, s, vs.get(1), vs.get(2), vs.get(3));
		NDArray mean = v5.mean(new int[] { 1 });
		v5.close();
		return mean;
	}

	/** Bilinear ×2 with align_corners = true (UpsamplingBilinear2d) as U_H · x · U_Wᵀ. */
	NDArray upsample(NDArray x) {
		Shape shape = x.getShape();
		int h = (int) shape.get(shape.dimension() - 2), w = (int) shape.get(shape.dimension() - 1);
		NDArray rows = upsamplingMatrix(h)[0].matMul(x);
		NDArray out = rows.matMul(upsamplingMatrix(w)[1]);
		rows.close();
		return out;
	}

	/** {U, Uᵀ} for input length n: U (2n × n) with src = dst·(n − 1)/(2n − 1). */
	private NDArray[] upsamplingMatrix(int n) {
		return upsampling.computeIfAbsent(n, k -> {
			float[] u = interpolationMatrix(k);
			try (Autograd noGraph = Autograd.pause()) {
				NDArray m = manager.create(u, new Shape(2L * k, k));
				NDArray t = m.transpose().duplicate();
				// created during some caller's NDScope; these live as long as the net
				ai.djl.ndarray.NDScope.unregister(m, t);
				return new NDArray[] { m, t };
			}
		});
	}

	/** Row-major (2n × n) bilinear weights of the align_corners convention. */
	static float[] interpolationMatrix(int n) {
		int out = 2 * n;
		float[] u = new float[out * n];
		for (int i = 0; i < out; i++) {
			double src = out == 1 ? 0 : i * (double) (n - 1) / (out - 1);
			int i0 = Math.min((int) Math.floor(src), n - 1);
			int i1 = Math.min(i0 + 1, n - 1);
			double f = src - i0;
			u[i * n + i0] += (float) (1 - f);
			u[i * n + i1] += (float) f;
		}
		return u;
	}

	private static NDArray concatClosing(NDArray first, NDArray second) {
		NDArray out = first.concat(second, 1);
		first.close();
		second.close();
		return out;
	}

	private NDArray p(String name) {
		return params.get(name);
	}

	private static void closeAll(NDArray[] arrays) {
		for (NDArray a : arrays) a.close();
	}

	@Override
	public void close() {
		manager.close();
	}
}
