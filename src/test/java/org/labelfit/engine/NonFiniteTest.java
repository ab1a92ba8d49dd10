package org.labelfit.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;

class NonFiniteTest {

	@Test
	void aNonFiniteLossNamesTheMethodAndStepInOneLine() {
		assertDoesNotThrow(() -> NonFinite.checkLoss("U-Net training", "step", 3, 0.25));
		String m = assertThrows(LabelFitException.class, () -> NonFinite.checkLoss("U-Net training", "step", 2, Double.NaN)).getMessage();
		assertTrue(m.startsWith("U-Net training: the loss became NaN at step 2;"), m);
		assertFalse(m.contains("\n"));
		assertTrue(assertThrows(LabelFitException.class, () -> NonFinite.checkLoss("MetaSeg head training", "epoch", 7,
			Double.POSITIVE_INFINITY)).getMessage().startsWith("MetaSeg head training: the loss became Infinity at epoch 7;"));
	}

	@Test
	void nonFiniteOutputsAreCountedOnTheHostAndOnTheDevice() {
		assertDoesNotThrow(() -> NonFinite.checkOutput("x", new float[] { 0, -1e30f, 1 }));
		String m = assertThrows(LabelFitException.class, () -> NonFinite.checkOutput("UniverSeg, label 2",
			new float[] { 0, Float.NaN, Float.NEGATIVE_INFINITY, 1 })).getMessage();
		assertTrue(m.startsWith("UniverSeg, label 2: the network output has 2 of 4 non-finite values"), m);
		try (NDManager manager = Engines.newManager(ai.djl.Device.cpu())) {
			assertDoesNotThrow(() -> NonFinite.checkOutput("x", manager.create(new float[] { 1, 2 })));
			m = assertThrows(LabelFitException.class, () -> NonFinite.checkOutput("MetaSeg labels",
				manager.create(new float[] { Float.NaN, 2, Float.POSITIVE_INFINITY, Float.NaN, 0 }))).getMessage();
			assertTrue(m.startsWith("MetaSeg labels: the network output has 3 of 5 non-finite values"), m);
		}
	}
}
