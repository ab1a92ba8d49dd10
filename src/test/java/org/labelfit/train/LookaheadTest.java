package org.labelfit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.CpuTest;

/** Lookahead(k = 5, α = 0.8) against a hand-computed sequence, as torch_optimizer.Lookahead steps. */
class LookaheadTest extends CpuTest {

	/** An inner optimiser that moves its one parameter by −1 per step. */
	private static final class MinusOne implements Optimizer {
		final NDList params;

		MinusOne(NDArray p) {
			params = new NDList(p);
		}

		@Override
		public NDList parameters() {
			return params;
		}

		@Override
		public void update() {
			params.get(0).subi(1);
		}

		@Override
		public void close() {}
	}

	/**
	 * From θ = 0: step 1 → −1, the slow weight φ = −1 is taken then (no change). Steps 2–5: −2 … −5. Step 6: inner
	 * −6, φ = −1 + 0.8·(−6 + 1) = −5, θ = −5. Steps 7–10: −6 … −9. Step 11: inner −10, φ = −5 + 0.8·(−10 + 5) = −9.
	 */
	@Test
	void synchronisesAfterSteps1And6And11() {
		NDArray p = manager.create(new float[] { 0f });
		float[] expected = { -1, -2, -3, -4, -5, -5, -6, -7, -8, -9, -9, -10 };
		try (Lookahead lookahead = new Lookahead(new MinusOne(p), 5, 0.8)) {
			for (int step = 0; step < expected.length; step++) {
				lookahead.update();
				assertEquals(expected[step], p.getFloat(0), 1e-5, "after step " + (step + 1));
			}
		}
	}

	/** Around RAdam, the slow weights pull every parameter of every group. */
	@Test
	void wrapsRAdamGroups() {
		NDArray a = manager.create(new float[] { 0f }), b = manager.create(new float[] { 0f });
		a.setRequiresGradient(true);
		b.setRequiresGradient(true);
		try (Lookahead lookahead = new Lookahead(new RAdam(List.of(new RAdam.Group(new NDList(a), 0.1), new RAdam.Group(new NDList(b), 0.2))), 5,
			0.8))
		{
			for (int step = 1; step <= 5; step++) {
				unitGradients(a, b);
				lookahead.update();
			}
			// constant gradient 1, ρ ≤ 5: the inner steps are −lr each; at step 6 the slow weights (after step 1: −lr)
			// pull back: φ = −lr + 0.8·(−6 lr + lr) = −5 lr
			assertEquals(-0.5, a.getFloat(0), 1e-5);
			unitGradients(a, b);
			lookahead.update();
			float r6 = (float) RAdam.rectification(6);
			assertEquals(-0.1 + 0.8 * (-0.5 - 0.1 * r6 + 0.1), a.getFloat(0), 1e-5);
			assertEquals(-0.2 + 0.8 * (-1.0 - 0.2 * r6 + 0.2), b.getFloat(0), 1e-5);
		}
	}

	/** Gradient 1 for both (d/dx of a + b). */
	private static void unitGradients(NDArray a, NDArray b) {
		try (Autograd recording = Autograd.record()) {
			Autograd.backward(a.add(b).sum());
		}
	}

	@Test
	void rejectsBadSettings() {
		NDArray p = manager.create(new float[] { 0f });
		assertThrows(LabelFitException.class, () -> new Lookahead(new MinusOne(p), 0, 0.8));
		assertThrows(LabelFitException.class, () -> new Lookahead(new MinusOne(p), 5, 1.5));
	}
}
