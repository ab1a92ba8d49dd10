package org.labelfit.metaseg;

import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * MetaSeg's network as a pure function of an explicit parameter list (ordered as
 * {@link SirenConfig#parameterNames()}), so that the same code serves test-time fitting,
 * head training and MAML, where parameters are themselves results of computations.
 *
 * <p>Gradients are written out by hand rather than taken from autograd: built from ordinary
 * differentiable operations they let a later backward pass differentiate through them
 * (second-order MAML) without {@code create_graph} and its parameter↔gradient reference
 * cycle, and test-time fitting needs no graph at all.
 */
public final class Siren {

	private static final float LEAKY_SLOPE = 0.01f;

	private final SirenConfig config;

	public Siren(SirenConfig config) {
		this.config = config;
	}

	public SirenConfig config() {
		return config;
	}

	/** SIREN initialisation for the INR, PyTorch's default for biases and the head; deterministic in {@code seed}. */
	public NDList initialize(NDManager manager, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<long[]> shapes = config.parameterShapes();
		NDList params = new NDList(shapes.size());
		int hf = config.width();
		double sirenHidden = Math.sqrt(6.0 / hf) / config.omega0();
		for (int t = 0; t < shapes.size(); t++) {
			long[] shape = shapes.get(t);
			int fanIn = (int) (t % 2 == 0 ? shape[1] : shapes.get(t - 1)[1]);
			double bound;
			if (t % 2 == 1) bound = 1 / Math.sqrt(fanIn); // every bias: PyTorch default
			else if (t == 0) bound = 1.0 / config.inputDims(); // first sine layer
			else if (t < config.inrTensorCount()) bound = sirenHidden; // hidden sine layers and the linear output
			else bound = 1 / Math.sqrt(fanIn); // head: kaiming_uniform(a=√5) = U(±1/√fan_in)
			params.add(manager.create(uniform(random, (int) new Shape(shape).size(), bound), new Shape(shape)));
		}
		return params;
	}

	private static float[] uniform(SplittableRandom random, int n, double bound) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
		return v;
	}

	/** Activations of one forward pass, kept for the hand-written backward pass. */
	public record Forward(NDArray[] pre, NDArray[] act, NDArray intensity, NDArray headPre, NDArray logits) {

		/** Output of the last sine layer: the features the head reads. */
		public NDArray features() {
			return act[act.length - 1];
		}
	}

	/** Forward pass over points {@code coords} (N × inputDims); the head is evaluated when {@code withHead}. */
	public Forward forward(NDList p, NDArray coords, boolean withHead) {
		int layers = config.sineLayers();
		NDArray[] pre = new NDArray[layers];
		NDArray[] act = new NDArray[layers + 1];
		act[0] = coords;
		for (int l = 0; l < layers; l++) {
			pre[l] = linear(act[l], p.get(2 * l), p.get(2 * l + 1));
			act[l + 1] = pre[l].mul(config.omega0()).sin();
		}
		NDArray intensity = linear(act[layers], p.get(2 * layers), p.get(2 * layers + 1));
		NDArray headPre = null, logits = null;
		if (withHead) {
			headPre = headPre(p, act[layers]);
			logits = headLogits(p, headPre);
		}
		return new Forward(pre, act, intensity, headPre, logits);
	}

	/** Head logits for features computed elsewhere (N × width). */
	public NDArray logits(NDList p, NDArray features) {
		return headLogits(p, headPre(p, features));
	}

	private NDArray headPre(NDList p, NDArray features) {
		int h = config.inrTensorCount();
		return linear(features, p.get(h), p.get(h + 1));
	}

	private NDArray headLogits(NDList p, NDArray headPre) {
		int h = config.inrTensorCount();
		return linear(Activation.leakyRelu(headPre, LEAKY_SLOPE), p.get(h + 2), p.get(h + 3));
	}

	private static NDArray linear(NDArray x, NDArray w, NDArray b) {
		return Linear.linear(x, w, b).singletonOrThrow();
	}

	/** Mean squared intensity error; with {@code weights} (N × 1) the weighted mean Σw(f−I)²/Σw. */
	public static NDArray mse(NDArray intensity, NDArray target, NDArray weights) {
		NDArray sq = intensity.sub(target).square();
		return weights == null ? sq.mean() : sq.mul(weights).sum().div(weights.sum());
	}

	/** Focal loss mean(−(1−p_t)^γ log p_t), softmax over all classes including background. */
	public static NDArray focal(NDArray logits, NDArray oneHot, double gamma) {
		NDArray logPt = logits.logSoftmax(1).mul(oneHot).sum(new int[] { 1 });
		NDArray modulation = gamma == 0 ? logPt.onesLike() : logPt.exp().neg().add(1).pow(gamma);
		return modulation.mul(logPt).neg().mean();
	}

	/** Loss and gradients, in parameter order; {@code grads} covers the INR only when no labels are given. */
	public record Gradients(NDArray loss, NDList grads) {}

	/**
	 * MSE (+ focal when {@code oneHot} is given) and its gradient with respect to every
	 * parameter (INR only without labels). Built from differentiable operations, so under
	 * {@link org.labelfit.engine.Autograd#record()} the result can itself be differentiated.
	 */
	public Gradients gradients(NDList p, NDArray coords, NDArray target, NDArray weights, NDArray oneHot, double gamma) {
		boolean withHead = oneHot != null;
		Forward f = forward(p, coords, withHead);
		int layers = config.sineLayers();
		NDArray[] g = new NDArray[withHead ? p.size() : config.inrTensorCount()];

		NDArray diff = f.intensity().sub(target);
		NDArray loss;
		NDArray dOut;
		if (weights == null) {
			loss = diff.square().mean();
			dOut = diff.mul(2.0 / diff.getShape().get(0));
		}
		else {
			NDArray wSum = weights.sum();
			loss = diff.square().mul(weights).sum().div(wSum);
			dOut = diff.mul(weights).mul(2).div(wSum);
		}
		NDArray features = f.features();
		g[2 * layers] = dOut.transpose().matMul(features);
		g[2 * layers + 1] = dOut.sum(new int[] { 0 });
		NDArray dH = dOut.matMul(p.get(2 * layers));

		if (withHead) {
			loss = loss.add(focal(f.logits(), oneHot, gamma));
			dH = dH.add(headBackward(p, features, f.headPre(), f.logits(), oneHot, gamma, g));
		}
		for (int l = layers - 1; l >= 0; l--) {
			NDArray dPre = dH.mul(f.pre()[l].mul(config.omega0()).cos().mul(config.omega0()));
			g[2 * l] = dPre.transpose().matMul(f.act()[l]);
			g[2 * l + 1] = dPre.sum(new int[] { 0 });
			if (l > 0) dH = dPre.matMul(p.get(2 * l));
		}
		return new Gradients(loss, new NDList(g));
	}

	/** Focal loss of the head alone on fixed features, with the gradients of the four head tensors. */
	public Gradients headGradients(NDList p, NDArray features, NDArray oneHot, double gamma) {
		NDArray headPre = headPre(p, features);
		NDArray logits = headLogits(p, headPre);
		NDArray[] g = new NDArray[p.size()];
		headBackward(p, features, headPre, logits, oneHot, gamma, g);
		int h = config.inrTensorCount();
		return new Gradients(focal(logits, oneHot, gamma), new NDList(g[h], g[h + 1], g[h + 2], g[h + 3]));
	}

	/** Fills the head's gradients into {@code g} and returns d focal / d features. */
	private NDArray headBackward(NDList p, NDArray features, NDArray headPre, NDArray logits, NDArray oneHot, double gamma,
		NDArray[] g)
	{
		int h = config.inrTensorCount();
		NDArray dLogits = focalLogitGradient(logits, oneHot, gamma);
		g[h + 2] = dLogits.transpose().matMul(Activation.leakyRelu(headPre, LEAKY_SLOPE));
		g[h + 3] = dLogits.sum(new int[] { 0 });
		NDArray slope = headPre.gt(0).toType(headPre.getDataType(), false).mul(1 - LEAKY_SLOPE).add(LEAKY_SLOPE);
		NDArray dPre = dLogits.matMul(p.get(h + 2)).mul(slope);
		g[h] = dPre.transpose().matMul(features);
		g[h + 1] = dPre.sum(new int[] { 0 });
		return dPre.matMul(p.get(h));
	}

	/**
	 * d focal / d logits. With s = log p_t: dL/ds = −(1−p_t)^γ + γ·p_t·s·(1−p_t)^(γ−1)
	 * and ds/dlogits = onehot − softmax; averaged over the N points.
	 */
	static NDArray focalLogitGradient(NDArray logits, NDArray oneHot, double gamma) {
		long n = logits.getShape().get(0);
		NDArray logProb = logits.logSoftmax(1);
		NDArray s = logProb.mul(oneHot).sum(new int[] { 1 }, true);
		NDArray pt = s.exp();
		NDArray oneMinus = pt.neg().add(1);
		NDArray dS = gamma == 0 ? s.onesLike().neg()
			: oneMinus.pow(gamma).neg().add(oneMinus.pow(gamma - 1).mul(pt).mul(s).mul(gamma));
		return dS.mul(oneHot.sub(logProb.exp())).div(n);
	}
}
