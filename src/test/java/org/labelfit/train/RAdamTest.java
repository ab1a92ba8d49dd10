package org.labelfit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.junit.jupiter.api.Test;

import org.labelfit.engine.Autograd;
import org.labelfit.engine.CpuTest;

/** RAdam against hand computations of PyTorch's formulas (torch.optim.RAdam, β = (0.9, 0.999), ε = 1e-8). */
class RAdamTest extends CpuTest {

	@Test
	void rhoCrossesFiveBetweenSteps5And6() {
		// ρ∞ = 1999; ρ_t = 1999 − 2t·0.999^t / (1 − 0.999^t), by hand (double): 1, 1.9995, 2.99867, 3.99750, 4.99600, 5.99416
		assertEquals(1.0, RAdam.rho(1), 1e-12);
		assertEquals(4.995998000395048, RAdam.rho(5), 1e-9);
		assertEquals(5.994163751655833, RAdam.rho(6), 1e-9);
		// r_6 = √((ρ−4)(ρ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ)) = √(1.99416·3.99416·1999 / (1995·1997·5.99416))
		assertEquals(0.02582111280185855, RAdam.rectification(6), 1e-12);
	}

	/**
	 * Constant gradient g = 0.5 from p = 1 at lr 0.1: m_t = (1 − 0.9^t)·g, so m̂ = g. Steps 1–5 (ρ_t ≤ 5) are
	 * p −= lr·m̂: 0.95, 0.90, 0.85, 0.80, 0.75. Step 6 is rectified: v = (1 − 0.999^6)·g², so the adaptive term
	 * √(1 − β2^6)/(√v + ε) is 1/|g| up to ε, and p = 0.75 − 0.1·r_6 = 0.75 − 0.002582.
	 */
	@Test
	void firstFiveStepsAreMomentumSgdThenRectified() {
		NDArray p = manager.create(new float[] { 1f });
		try (RAdam radam = new RAdam(List.of(new RAdam.Group(new NDList(p), 0.1)))) {
			for (int t = 1; t <= 5; t++) {
				radam.step(new NDList(manager.create(new float[] { 0.5f })));
				assertEquals(1 - 0.05 * t, p.getFloat(0), 1e-6, "step " + t);
			}
			radam.step(new NDList(manager.create(new float[] { 0.5f })));
			assertEquals(0.75 - 0.1 * 0.02582111280185855, p.getFloat(0), 1e-6);
			assertEquals(6, radam.steps());
		}
	}

	/** Changing gradients: the moments by hand for g = (1, −2), then the ρ ≤ 5 update lr·m̂. */
	@Test
	void momentsFollowTheGradients() {
		NDArray p = manager.create(new float[] { 0f });
		try (RAdam radam = new RAdam(List.of(new RAdam.Group(new NDList(p), 0.01)))) {
			radam.step(new NDList(manager.create(new float[] { 1f })));
			// m1 = 0.1, m̂ = 0.1/0.1 = 1: p = −0.01
			assertEquals(-0.01, p.getFloat(0), 1e-7);
			radam.step(new NDList(manager.create(new float[] { -2f })));
			// m2 = 0.9·0.1 + 0.1·(−2) = −0.11, m̂ = −0.11/0.19: p = −0.01 + 0.01·0.11/0.19
			assertEquals(-0.01 + 0.01 * 0.11 / 0.19, p.getFloat(0), 1e-7);
		}
	}

	/**
	 * Eight steps of changing gradients on two groups (lr 3e-2 and 1e-1), past the switch to the rectified update,
	 * against {@code torch.optim.RAdam} itself (PyTorch 1.13, Debian), run once: a = (0.3, −1.2) with gradients
	 * (1, −2), (0.5, 0.25), (−3, 1), (2, 2), (0.1, −0.4), (1.5, −1), (−0.7, 0.3), (0.2, 0.9) → (0.25929683, −1.13364959);
	 * b = 2 with 4, −1, 0.5, 2, −2, 1, 3, −0.5 → 1.17079425. Step 6 of the constant-gradient case gave 0.74741781.
	 */
	@Test
	void matchesTorchOverEightSteps() {
		NDArray a = manager.create(new float[] { 0.3f, -1.2f }), b = manager.create(new float[] { 2f });
		float[][] ga = { { 1, -2 }, { 0.5f, 0.25f }, { -3, 1 }, { 2, 2 }, { 0.1f, -0.4f }, { 1.5f, -1 }, { -0.7f, 0.3f }, { 0.2f, 0.9f } };
		float[] gb = { 4, -1, 0.5f, 2, -2, 1, 3, -0.5f };
		try (RAdam radam = new RAdam(List.of(new RAdam.Group(new NDList(a), 3e-2), new RAdam.Group(new NDList(b), 1e-1)))) {
			for (int t = 0; t < 8; t++) radam.step(new NDList(manager.create(ga[t]), manager.create(new float[] { gb[t] })));
		}
		assertEquals(0.25929683446884155, a.getFloat(0), 2e-6);
		assertEquals(-1.1336495876312256, a.getFloat(1), 2e-6);
		assertEquals(1.1707942485809326, b.getFloat(0), 2e-6);
	}

	@Test
	void groupsKeepTheirLearningRatesAndTheScheduleScalesThem() {
		NDArray a = manager.create(new float[] { 0f }), b = manager.create(new float[] { 0f });
		try (RAdam radam = new RAdam(List.of(new RAdam.Group(new NDList(a), 3e-4), new RAdam.Group(new NDList(b), 1e-2)))) {
			radam.step(new NDList(manager.create(new float[] { 1f }), manager.create(new float[] { 1f })));
			assertEquals(-3e-4, a.getFloat(0), 1e-9);
			assertEquals(-1e-2, b.getFloat(0), 1e-8);
			radam.setLearningRateFactor(0.1);
			radam.step(new NDList(manager.create(new float[] { 1f }), manager.create(new float[] { 1f })));
			// m̂ stays 1 under a constant gradient
			assertEquals(-3e-4 - 3e-5, a.getFloat(0), 1e-9);
			assertEquals(-1e-2 - 1e-3, b.getFloat(0), 1e-8);
		}
	}

	/** update() reads the gradients autograd accumulated and clears them. */
	@Test
	void updateUsesAndClearsAutogradGradients() {
		NDArray p = manager.create(new float[] { 2f, -1f });
		p.setRequiresGradient(true);
		try (RAdam radam = new RAdam(List.of(new RAdam.Group(new NDList(p), 0.1)))) {
			try (Autograd recording = Autograd.record()) {
				// d/dp Σ p² = 2p = (4, −2); m̂ = the gradient at step 1
				Autograd.backward(p.square().sum());
			}
			radam.update();
			assertEquals(2 - 0.4, p.getFloat(0), 1e-6);
			assertEquals(-1 + 0.2, p.getFloat(1), 1e-6);
			for (float g : p.getGradient().toFloatArray()) assertEquals(0, g);
		}
		assertTrue(RAdam.rho(6) > 5);
	}
}
