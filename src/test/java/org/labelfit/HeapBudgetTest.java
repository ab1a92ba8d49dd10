package org.labelfit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapBudgetTest {

	@Test
	void formatsDecimalUnits() {
		assertEquals("999 B", HeapBudget.format(999));
		assertEquals("1.0 kB", HeapBudget.format(1000));
		assertEquals("8.0 GB", HeapBudget.format(8_000_000_000L));
		assertEquals("3.1 MB", HeapBudget.format(3_140_000));
		assertEquals("1.0 MB", HeapBudget.format(999_999));
	}

	@Test
	void refusesWhatTheHeapCannotHoldBeforeAllocating() {
		assertDoesNotThrow(() -> HeapBudget.require(1 << 20, "a small file"));
		long tooMuch = 4 * Runtime.getRuntime().maxMemory();
		String m = assertThrows(LabelFitException.class, () -> HeapBudget.require(tooMuch, "scan.nii: 4 float voxels")).getMessage();
		assertTrue(m.startsWith("scan.nii: 4 float voxels needs " + HeapBudget.format(tooMuch) + ", "), m);
		assertTrue(m.contains(" available (Java heap"), m);
		assertTrue(assertThrows(LabelFitException.class, () -> HeapBudget.require(-1, "x")).getMessage().contains("overflows"));
		assertTrue(HeapBudget.message("y", 1_140_000_000L, 1_100_000_000L).startsWith("y needs 1.140 GB, 1.100 GB available"),
			"numbers that round alike get more digits");
		assertTrue(HeapBudget.message("y", 2_000_000_000L, 1_100_000_000L).startsWith("y needs 2.0 GB, 1.1 GB available"));
	}
}
