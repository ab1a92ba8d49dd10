package org.labelfit.engine;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests that run tensors on the CPU: one manager for the test class, closed after it. */
public abstract class CpuTest {

	protected static NDManager manager;

	@BeforeAll
	static void openManager() {
		manager = Engines.newManager(Engines.device("cpu", m -> {}));
	}

	@AfterAll
	static void closeManager() {
		manager.close();
	}
}
