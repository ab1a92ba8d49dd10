package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.model.Tensor;

class Pix2RepNetTest {

	@Test
	void mapsAnImageToDenseFeaturesAndBothHeads() {
		Pix2RepConfig config = new Pix2RepConfig(2, 6, 3);
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			Engines.seed(1);
			Pix2RepNet net = new Pix2RepNet(config);
			net.initialize(m);
			ParameterStore ps = new ParameterStore(m, false);
			NDArray f = net.forward(ps, new NDList(m.randomUniform(0, 1, new Shape(2, 1, 64, 32))), false).singletonOrThrow();
			assertEquals(new Shape(2, 6, 64, 32), f.getShape());
			assertEquals(new Shape(2, 256, 64, 32), net.project(ps, f, true).getShape());
			assertEquals(new Shape(2, 3, 64, 32), net.classify(ps, f).getShape());
			long trainable = net.trainableParameters(false, true).values().stream().mapToLong(p -> p.getArray().size()).sum();
			assertEquals(config.parameterCount(), trainable);
		}
	}

	@Test
	void exportedTensorsLoadBackUnderTheOfficialNames() {
		Pix2RepConfig config = new Pix2RepConfig(2, 4, 2);
		try (NDManager m = Engines.newManager(Device.cpu())) {
			Engines.seed(2);
			Pix2RepNet a = new Pix2RepNet(config);
			a.initialize(m);
			Map<String, Tensor> exported = a.export(true);
			assertEquals(a.tensorShapes().keySet(), exported.keySet());
			for (Map.Entry<String, Tensor> e : exported.entrySet()) assertArrayEquals(a.tensorShapes().get(e.getKey()), e.getValue().shape());
			Engines.seed(3);
			Pix2RepNet b = new Pix2RepNet(config);
			b.initialize(m);
			b.load(exported);
			assertEquals(exported, b.export(true));
		}
	}
}
