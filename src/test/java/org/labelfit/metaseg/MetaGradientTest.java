package org.labelfit.metaseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;

/** The MAML meta-gradient against finite differences of the meta-objective, in double precision. */
class MetaGradientTest {

	static NDManager manager;
	static final SirenConfig CONFIG = new SirenConfig("tiny", 2, 6, 2, 3, 30);

	@BeforeAll
	static void start() {
		manager = Engines.newManager(ai.djl.Device.cpu());
	}

	@AfterAll
	static void stop() {
		manager.close();
	}

	private static MetaLearner learner(boolean firstOrder) {
		MetaSegSettings s = MetaSegSettings.forConfig(SirenConfig.preset("2d", 3)).toBuilder().gamma(2).innerLr(0.05)
			.firstOrder(firstOrder).build();
		return new MetaLearner(new Siren(CONFIG), s);
	}

	private static SampleTensors task() {
		SirenTest.Task t = SirenTest.Task.random(manager, 16, 2, 3, 11).toDouble();
		return new SampleTensors(t.coords(), t.target(), t.oneHot(), t.weights());
	}

	private static NDList params() {
		NDList p = new Siren(CONFIG).initialize(manager, 5);
		NDList d = new NDList();
		for (NDArray a : p) d.add(a.toType(DataType.FLOAT64, true));
		return d;
	}

	/** Outer loss after adaptation, as a plain number. */
	private static double objective(MetaLearner learner, NDList theta0, SampleTensors task) {
		try (Autograd noGraph = Autograd.pause()) {
			NDList theta = learner.adapt(theta0, task);
			Siren.Forward f = new Siren(CONFIG).forward(theta, task.coords(), true);
			return Siren.mse(f.intensity(), task.target(), task.weights()).add(Siren.focal(f.logits(), task.oneHot(), 2)).getDouble();
		}
	}

	private static NDList metaGradient(MetaLearner learner, NDList theta0, SampleTensors task) {
		NDList leaves = new NDList();
		for (NDArray p : theta0) {
			NDArray leaf = p.duplicate();
			leaf.setRequiresGradient(true);
			leaves.add(leaf);
		}
		try (Autograd graph = Autograd.record()) {
			NDList theta = learner.adapt(leaves, task);
			Siren.Forward f = new Siren(CONFIG).forward(theta, task.coords(), true);
			Autograd.backward(Siren.mse(f.intensity(), task.target(), task.weights()).add(Siren.focal(f.logits(), task.oneHot(), 2)));
		}
		NDList g = new NDList();
		for (NDArray leaf : leaves) g.add(leaf.getGradient().duplicate());
		return g;
	}

	@Test
	void secondOrderMetaGradientMatchesFiniteDifferences() {
		MetaLearner learner = learner(false);
		SampleTensors task = task();
		NDList theta0 = params();
		NDList grad = metaGradient(learner, theta0, task);
		// Adam's inner update m̂/(√v̂+ε) bends sharply where a gradient element is near zero, so the
		// meta-objective is smooth only on a fine scale: a small step, affordable in double precision.
		double h = 1e-8;
		// a weight of every layer, INR and head
		int[][] probes = { { 0, 3 }, { 1, 2 }, { 2, 7 }, { 4, 1 }, { 6, 4 }, { 8, 0 }, { 9, 1 } };
		for (int[] probe : probes) {
			double[] base = theta0.get(probe[0]).toDoubleArray();
			double plus = objective(learner, with(theta0, probe, base[probe[1]] + h), task);
			double minus = objective(learner, with(theta0, probe, base[probe[1]] - h), task);
			double numeric = (plus - minus) / (2 * h);
			double analytic = grad.get(probe[0]).toDoubleArray()[probe[1]];
			assertEquals(numeric, analytic, 1e-5 + 1e-4 * Math.abs(numeric), "tensor " + probe[0] + " element " + probe[1]);
		}
	}

	@Test
	void firstOrderTakesTheGradientAtTheAdaptedParameters() {
		// DJL passes scalar constants as float32, so the two routes agree to about 1e-8, not 1e-15
		SampleTensors task = task();
		NDList theta0 = params();
		MetaLearner first = learner(true);
		NDList firstOrder = metaGradient(first, theta0, task);
		NDList adapted;
		try (Autograd noGraph = Autograd.pause()) {
			adapted = first.adapt(theta0, task);
		}
		NDList atAdapted = new Siren(CONFIG).gradients(adapted, task.coords(), task.target(), task.weights(), task.oneHot(), 2).grads();
		NDList secondOrder = metaGradient(learner(false), theta0, task);
		double maxDiffFirst = 0, maxDiffSecond = 0;
		for (int i = 0; i < firstOrder.size(); i++) {
			maxDiffFirst = Math.max(maxDiffFirst, firstOrder.get(i).sub(atAdapted.get(i)).abs().max().getDouble());
			maxDiffSecond = Math.max(maxDiffSecond, firstOrder.get(i).sub(secondOrder.get(i)).abs().max().getDouble());
		}
		assertTrue(maxDiffFirst < 1e-6, "first order = gradient at θ_K, differs by " + maxDiffFirst);
		assertTrue(maxDiffSecond > 1e-3, "second-order terms should matter here, differ only by " + maxDiffSecond);
	}

	private static NDList with(NDList params, int[] probe, double value) {
		NDList copy = new NDList();
		for (int i = 0; i < params.size(); i++) {
			if (i != probe[0]) {
				copy.add(params.get(i));
				continue;
			}
			double[] v = params.get(i).toDoubleArray();
			v[probe[1]] = value;
			copy.add(manager.create(v, params.get(i).getShape()));
		}
		return copy;
	}
}
