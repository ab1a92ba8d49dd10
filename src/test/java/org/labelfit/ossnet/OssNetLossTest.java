package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

import org.labelfit.engine.Autograd;
import org.labelfit.engine.CpuTest;

/** The clamped BCE and the auxiliary target against hand values. */
class OssNetLossTest extends CpuTest {

	/**
	 * p = (0, 1, 0.5, 0.9) against y = (1, 0, 1, 0): the first two are clamped to 1e-6 and 1 − 1e-6, costing
	 * −log(1e-6) = 13.815511 and, as 1 − 1e-6 is 0.99999898672 in float32, −log(1.01328e-6) = 13.802319; then
	 * −log 0.5 = 0.693147 and −log 0.1 = 2.302585; the mean is 7.653391.
	 */
	@Test
	void binaryCrossEntropyClampsAtOneMillionth() {
		NDArray p = manager.create(new float[] { 0f, 1f, 0.5f, 0.9f });
		NDArray y = manager.create(new float[] { 1f, 0f, 1f, 0f });
		p.setRequiresGradient(true);
		float loss;
		try (Autograd recording = Autograd.record()) {
			NDArray l = OssNetLoss.binaryCrossEntropy(p, y);
			loss = l.getFloat();
			Autograd.backward(l);
		}
		assertEquals((13.815510558 + 13.802319 + 0.693147181 + 2.302585093) / 4, loss, 2e-5);
		float[] g = p.getGradient().toFloatArray();
		// the clamp passes no gradient at the clamped points; at 0.5 with y = 1 it is −1/(4·0.5), at 0.9 with y = 0 1/(4·0.1)
		assertEquals(0, g[0]);
		assertEquals(0, g[1]);
		assertEquals(-0.5, g[2], 1e-5);
		assertEquals(2.5, g[3], 1e-4);
	}

	/** One set voxel (5, 6, 9) of a 32×32×16 grid with 1 encoder block (latent 8×8×4, cells of 4³) sets cell (1, 1, 2). */
	@Test
	void lowResTargetIsTheMaxPoolToTheLatentGrid() {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, 1, 1, new OssNetConfig.Grid(32, 32, 16));
		boolean[] label = new boolean[32 * 32 * 16];
		label[(5 * 32 + 6) * 16 + 9] = true;
		float[] expected = new float[8 * 8 * 4];
		expected[(1 * 8 + 1) * 4 + 2] = 1;
		assertArrayEquals(expected, OssNetLoss.lowResTarget(label, c));
	}
}
