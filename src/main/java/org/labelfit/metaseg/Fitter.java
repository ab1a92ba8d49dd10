package org.labelfit.metaseg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;

import org.labelfit.engine.Autograd;
import org.labelfit.train.Adam;
import org.labelfit.train.Meter;
import org.labelfit.engine.NonFinite;

/**
 * "Fit pixels": starting from the meta-learned parameters, T steps of full-batch Adam on the
 * intensity MSE update the INR only; the head stays frozen. Used at inference, for validation
 * during meta-training and to build the features the head is retrained on.
 */
final class Fitter {

	/** Points decoded per batch, so large grids never hold all activations at once. */
	static final int DECODE_CHUNK = 1 << 16;

	private final Siren siren;
	private final double learningRate;
	private final int steps;

	Fitter(Siren siren, double learningRate, int steps) {
		this.siren = siren;
		this.learningRate = learningRate;
		this.steps = steps;
	}

	/**
	 * Returns a full parameter list whose INR tensors are fitted copies and whose head tensors are
	 * those of {@code params} (shared, not copied). {@code meter} may be null.
	 */
	NDList fit(NDList params, NDArray coords, NDArray target, Meter meter) {
		int inrCount = siren.config().inrTensorCount();
		NDList inr = new NDList(inrCount);
		for (int i = 0; i < inrCount; i++) inr.add(params.get(i).duplicate());
		try (Autograd noGraph = Autograd.pause(); Adam adam = new Adam(learningRate)) {
			for (int step = 0; step < steps; step++) {
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					Siren.Gradients g = siren.gradients(inr, coords, target, null, null, 0);
					adam.step(inr, g.grads());
					if (meter != null) meter.step(g.loss().getFloat());
				}
			}
		}
		NDList full = new NDList(params.size());
		full.addAll(inr);
		for (int i = inrCount; i < params.size(); i++) full.add(params.get(i));
		return full;
	}

	/** Class index per point of {@code coords}, decoded from the features at those points. */
	int[] decode(NDList params, NDArray coords) {
		long n = coords.getShape().get(0);
		int[] labels = new int[(int) n];
		try (Autograd noGraph = Autograd.pause()) {
			for (long start = 0; start < n; start += DECODE_CHUNK) {
				long end = Math.min(n, start + DECODE_CHUNK);
				try (NDScope scope = new NDScope()) {
					scope.suppressNotUsedWarning();
					NDArray chunk = coords.get(start + ":" + end);
					Siren.Forward f = siren.forward(params, chunk, false);
					NDArray logits = siren.logits(params, f.features());
					NonFinite.checkOutput("MetaSeg labels (decoding the fitted network)", logits);
					int[] part = SampleTensors.argmax(logits);
					System.arraycopy(part, 0, labels, (int) start, part.length);
				}
			}
		}
		return labels;
	}

	/** Last-sine-layer features at every point (N × width), for head retraining. */
	NDArray features(NDList params, NDArray coords) {
		try (Autograd noGraph = Autograd.pause()) {
			NDArray features;
			try (NDScope scope = new NDScope()) {
				scope.suppressNotUsedWarning();
				features = siren.forward(params, coords, false).features();
				NDScope.unregister(features);
			}
			return features;
		}
	}
}
