package org.labelfit.metaseg;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import org.labelfit.engine.Autograd;
import org.labelfit.eval.SegmentationMetrics;
import org.labelfit.train.Adam;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;
import org.labelfit.engine.NonFinite;

/**
 * Step 1 of MetaSeg: second-order MAML over (image, label) pairs. Per outer step (one image):
 * K differentiable inner Adam steps on MSE + focal over all parameters, the same loss at the
 * adapted parameters as outer loss, back-propagated through the inner steps to the
 * initialisation, and an outer Adam step. Validation fits held-out images pixels-only and
 * decodes them with the current head; the best initialisation is kept.
 */
final class MetaLearner {

	private final Siren siren;
	private final MetaSegSettings settings;
	private int skippedSteps;

	MetaLearner(Siren siren, MetaSegSettings settings) {
		this.siren = siren;
		this.settings = settings;
	}

	/** Meta-trains {@code params} in place and returns the best validated copy (the last one without validation data). */
	NDList train(NDManager manager, NDList params, List<SampleTensors> train, List<SampleTensors> validation,
		Progress progress, LossHistory history)
	{
		Fitter validator = new Fitter(siren, settings.fitLr(), settings.fitSteps());
		NDList best = null;
		double bestDice = Double.NEGATIVE_INFINITY;
		Meter meter = new Meter(progress, "meta-training", settings.outerSteps());
		try (Adam outer = new Adam(settings.outerLr())) {
			for (int step = 0; step < settings.outerSteps(); step++) {
				double loss = outerStep(params, train.get(step % train.size()), outer);
				NonFinite.checkLoss("MetaSeg meta-training", "outer step", step + 1, loss);
				history.add("meta loss", step + 1, loss);
				meter.step(loss);
				boolean last = step + 1 == settings.outerSteps();
				if (!validation.isEmpty() && ((step + 1) % settings.validateEvery() == 0 || last)) {
					double dice = validate(validator, params, validation);
					history.add("validation Dice", step + 1, dice);
					progress.log(String.format("meta-training step %d: validation mean Dice %.4f", step + 1, dice));
					if (dice > bestDice) {
						bestDice = dice;
						if (best != null) best.close();
						best = copy(manager, params);
					}
				}
			}
		}
		if (skippedSteps > 0)
			progress.log("meta-training: skipped " + skippedSteps + " outer steps whose meta-gradient overflowed");
		if (best == null) return copy(manager, params);
		progress.log(String.format("meta-training: kept the initialisation with validation mean Dice %.4f", bestDice));
		return best;
	}

	/** Outer steps skipped because their meta-gradient was not finite. */
	int skippedSteps() {
		return skippedSteps;
	}

	/** One MAML step on one task; returns the outer loss. */
	double outerStep(NDList params, SampleTensors task, Adam outer) {
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDList leaves = new NDList(params.size());
			for (NDArray p : params) {
				NDArray leaf = p.duplicate();
				leaf.setRequiresGradient(true);
				leaves.add(leaf);
			}
			NDArray outerLoss;
			try (Autograd graph = Autograd.record()) {
				NDList theta = adapt(leaves, task);
				Siren.Forward f = siren.forward(theta, task.coords(), true);
				outerLoss = Siren.mse(f.intensity(), task.target(), task.weights()).add(Siren.focal(f.logits(), task.oneHot(), settings.gamma()));
				Autograd.backward(outerLoss);
			}
			NDList grads = new NDList(leaves.size());
			boolean finite = true;
			for (NDArray leaf : leaves) {
				NDArray g = leaf.getGradient();
				finite &= !g.isNaN().any().getBoolean() && !g.isInfinite().any().getBoolean();
				grads.add(g);
			}
			// Where an inner gradient element is near zero, Adam's 1/√v̂ makes the exact meta-gradient
			// astronomically large (overflow to inf/NaN); like the official learner's NaN guard, skip it.
			if (finite) outer.step(params, grads);
			else skippedSteps++;
			return outerLoss.getFloat();
		}
	}

	/**
	 * The inner loop from {@code theta}: K Adam steps with fresh moments. Second order keeps the
	 * hand-written gradients in the graph; first order detaches them, so the outer gradient is
	 * taken at the adapted parameters only.
	 */
	NDList adapt(NDList theta, SampleTensors task) {
		InnerAdam adam = new InnerAdam(settings.innerLr());
		for (int k = 0; k < settings.innerSteps(); k++) {
			Siren.Gradients g;
			if (settings.firstOrder()) {
				try (Autograd noGraph = Autograd.pause()) {
					g = siren.gradients(theta, task.coords(), task.target(), task.weights(), task.oneHot(), settings.gamma());
				}
			}
			else g = siren.gradients(theta, task.coords(), task.target(), task.weights(), task.oneHot(), settings.gamma());
			if (g.loss().isNaN().getBoolean()) continue; // as the official learner: skip a NaN inner step
			theta = adam.step(theta, g.grads());
		}
		return theta;
	}

	/** Mean foreground Dice of pixel-only fits decoded with the current head (not a stale copy). */
	double validate(Fitter fitter, NDList params, List<SampleTensors> validation) {
		int count = Math.min(settings.validationCount(), validation.size());
		double sum = 0;
		for (int i = 0; i < count; i++) {
			SampleTensors v = validation.get(i);
			try (NDScope scope = new NDScope()) {
				scope.suppressNotUsedWarning();
				NDList fitted = fitter.fit(params, v.coords(), v.target(), null);
				int[] predicted = fitter.decode(fitted, v.coords());
				int[] truth = SampleTensors.argmax(v.oneHot());
				sum += SegmentationMetrics.of(predicted, truth, siren.config().classes()).meanForegroundDice();
			}
		}
		return sum / count;
	}

	static NDList copy(NDManager manager, NDList params) {
		NDList copy = new NDList(params.size());
		for (NDArray p : params) {
			NDArray c = manager.create(p.getShape());
			p.copyTo(c);
			NDScope.unregister(c);
			copy.add(c);
		}
		return copy;
	}

	static double meanForegroundDice(int[] p, int[] t, int classes) {
		double sum = 0;
		int n = 0;
		for (int c = 1; c < classes; c++) {
			long inter = 0, a = 0, b = 0;
			for (int i = 0; i < p.length; i++) {
				if (p[i] == c) a++;
				if (t[i] == c) b++;
				if (p[i] == c && t[i] == c) inter++;
			}
			if (a + b == 0) continue;
			sum += 2.0 * inter / (a + b);
			n++;
		}
		return n == 0 ? 1 : sum / n;
	}
}
