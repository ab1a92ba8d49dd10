package org.labelfit.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.model.Tensor;

class UNetTest {

	static NDManager manager;

	@BeforeAll
	static void start() {
		manager = Engines.newManager(Device.cpu());
	}

	@AfterAll
	static void stop() {
		manager.close();
	}

	@Test
	void budaParameterCountsMatchTheHubModel() {
		// the official hub model, in=3, out=1: sum(p.numel() for p in model.parameters())
		assertEquals(7_763_041, UNetConfig.buda(3, 1).parameterCount());
		// in=1 removes 2·32·9 = 576 weights of enc1conv1; out=5 adds 4·(32 + 1) = 132 to the output conv
		assertEquals(7_763_041 - 576 + 132, UNetConfig.buda(1, 5).parameterCount());
		assertEquals(7_762_597, UNetConfig.buda(1, 5).parameterCount());
	}

	@Test
	void blockParametersMatchTheConfigNamesShapesAndCount() {
		UNetConfig c = UNetConfig.buda(3, 1);
		UNet net = new UNet(c);
		net.initialize(manager);
		Map<String, Parameter> named = net.namedParameters();
		Map<String, long[]> shapes = c.tensorShapes();
		assertEquals(List.copyOf(shapes.keySet()), List.copyOf(named.keySet()));
		for (Map.Entry<String, Parameter> e : named.entrySet())
			assertArrayEquals(shapes.get(e.getKey()), e.getValue().getArray().getShape().getShape(), e.getKey());
		long trainable = net.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum();
		assertEquals(7_763_041, trainable);
		// every DJL parameter has a name, none twice
		assertEquals(net.getParameters().size(), named.size());
		assertTrue(named.containsKey("encoder1.enc1norm1.running_var"));
		assertFalse(named.containsKey("encoder1.enc1conv1.bias"));
		assertArrayEquals(new long[] { 512, 256, 2, 2 }, shapes.get("upconv4.weight"));
	}

	@Test
	void forwardShapesAndInputChecks() {
		UNet net = new UNet(UNetConfig.buda(1, 5).withFeatures(4));
		net.initialize(manager);
		ParameterStore ps = new ParameterStore(manager, false);
		try (NDManager m = manager.newSubManager(); Autograd noGraph = Autograd.pause()) {
			NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 32, 48));
			assertEquals(new Shape(2, 5, 32, 48), net.forward(ps, new NDList(x), false).singletonOrThrow().getShape());
			LabelFitException e = assertThrows(LabelFitException.class,
				() -> net.forward(ps, new NDList(m.zeros(new Shape(1, 1, 40, 32))), false));
			assertTrue(e.getMessage().contains("divisible by 16"), e.getMessage());
			assertThrows(LabelFitException.class, () -> net.forward(ps, new NDList(m.zeros(new Shape(1, 3, 32, 32))), false));
		}
	}

	@Test
	void configurableVariantWithoutOutputConv() {
		// Pix2Rep's shape: 6 levels, [skip, up], conv bias, no output conv
		UNetConfig c = new UNetConfig(1, 0, 6, 2, true, true);
		UNet net = new UNet(c);
		net.initialize(manager);
		assertFalse(c.tensorShapes().containsKey("conv.weight"));
		assertTrue(c.tensorShapes().containsKey("encoder1.enc1conv1.bias"));
		assertEquals(c.parameterCount(), net.trainableParameters().stream().mapToLong(p -> p.getArray().size()).sum());
		ParameterStore ps = new ParameterStore(manager, false);
		try (NDManager m = manager.newSubManager(); Autograd noGraph = Autograd.pause()) {
			NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 64, 64));
			assertEquals(new Shape(2, 2, 64, 64), net.forward(ps, new NDList(x), true).singletonOrThrow().getShape());
		}
	}

	@Test
	void batchNormUsesBatchStatisticsOnlyWhenTraining() {
		UNet net = new UNet(UNetConfig.buda(1, 2).withFeatures(4).withDepth(2));
		net.initialize(manager);
		ParameterStore ps = new ParameterStore(manager, false);
		try (NDManager m = manager.newSubManager(); Autograd noGraph = Autograd.pause()) {
			NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 16, 16)).mul(5).add(3);
			Tensor before = net.export().get("encoder1.enc1norm1.running_mean");
			float[] eval1 = net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
			assertEquals(before, net.export().get("encoder1.enc1norm1.running_mean"), "inference leaves the running statistics alone");
			float[] train = net.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
			assertFalse(before.equals(net.export().get("encoder1.enc1norm1.running_mean")), "training updates them");
			float[] eval2 = net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
			assertFalse(java.util.Arrays.equals(eval1, train));
			assertFalse(java.util.Arrays.equals(eval1, eval2), "inference follows the updated running statistics");
		}
	}

	@Test
	void loadRejectsWrongShapesAndNames() {
		UNet net = new UNet(UNetConfig.buda(1, 2).withFeatures(2).withDepth(1));
		net.initialize(manager);
		Map<String, Tensor> w = new java.util.LinkedHashMap<>(net.export());
		net.load(w);
		w.put("conv.bias", Tensor.vector(1, 2, 3));
		assertTrue(assertThrows(LabelFitException.class, () -> net.load(w)).getMessage().contains("'conv.bias' has shape"));
		w.remove("conv.bias");
		assertTrue(assertThrows(LabelFitException.class, () -> net.load(w)).getMessage().contains("missing"));
	}
}
