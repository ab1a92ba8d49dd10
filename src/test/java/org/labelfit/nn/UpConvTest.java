package org.labelfit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.Parameter;

import org.junit.jupiter.api.Test;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;

class UpConvTest {

	@Test
	void equalsTheTransposedConvolutionDefinition() {
		int in = 3, out = 2, n = 2, h = 3, w = 4;
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			UpConv up = new UpConv(in, out);
			up.setInitializer(new NormalInitializer(1), Parameter.Type.BIAS);
			up.setInitializer(new NormalInitializer(1), Parameter.Type.WEIGHT);
			up.initialize(m, DataType.FLOAT32, new Shape(n, in, h, w));
			float[] x = m.randomNormal(new Shape(n, in, h, w)).toFloatArray();
			float[] wt = up.getParameters().get("weight").getArray().toFloatArray();
			float[] b = up.getParameters().get("bias").getArray().toFloatArray();
			NDArray y = up.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(n, in, h, w))), false).singletonOrThrow();
			assertEquals(new Shape(n, out, 2 * h, 2 * w), y.getShape());
			float[] got = y.toFloatArray();
			// PyTorch conv_transpose2d, stride 2, kernel 2: out[o, 2i + dy, 2j + dx] = b[o] + Σ_c x[c, i, j]·W[c, o, dy, dx]
			for (int s = 0; s < n; s++)
				for (int o = 0; o < out; o++)
					for (int yy = 0; yy < 2 * h; yy++)
						for (int xx = 0; xx < 2 * w; xx++) {
							double e = b[o];
							for (int c = 0; c < in; c++)
								e += x[((s * in + c) * h + yy / 2) * w + xx / 2] * wt[((c * out + o) * 2 + yy % 2) * 2 + xx % 2];
							assertEquals(e, got[((s * out + o) * 2 * h + yy) * 2 * w + xx], 1e-5);
						}
		}
	}

	@Test
	void equalsTheTransposedConvolutionDefinitionIn3d() {
		int in = 3, out = 2, n = 2, d = 2, h = 3, w = 4;
		try (NDManager m = Engines.newManager(Device.cpu()); Autograd noGraph = Autograd.pause()) {
			UpConv up = new UpConv(in, out, 3);
			up.setInitializer(new NormalInitializer(1), Parameter.Type.BIAS);
			up.setInitializer(new NormalInitializer(1), Parameter.Type.WEIGHT);
			up.initialize(m, DataType.FLOAT32, new Shape(n, in, d, h, w));
			assertEquals(new Shape(in, out, 2, 2, 2), up.getParameters().get("weight").getArray().getShape());
			float[] x = m.randomNormal(new Shape(n, in, d, h, w)).toFloatArray();
			float[] wt = up.getParameters().get("weight").getArray().toFloatArray();
			float[] b = up.getParameters().get("bias").getArray().toFloatArray();
			NDArray y = up.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(n, in, d, h, w))), false).singletonOrThrow();
			assertEquals(new Shape(n, out, 2 * d, 2 * h, 2 * w), y.getShape());
			float[] got = y.toFloatArray();
			// conv_transpose3d, stride 2, kernel 2: out[o, 2k + dz, 2i + dy, 2j + dx] = b[o] + Σ_c x[c, k, i, j]·W[c, o, dz, dy, dx]
			for (int s = 0; s < n; s++)
				for (int o = 0; o < out; o++)
					for (int zz = 0; zz < 2 * d; zz++)
						for (int yy = 0; yy < 2 * h; yy++)
							for (int xx = 0; xx < 2 * w; xx++) {
								double e = b[o];
								for (int c = 0; c < in; c++)
									e += x[(((s * in + c) * d + zz / 2) * h + yy / 2) * w + xx / 2] *
										wt[(((c * out + o) * 2 + zz % 2) * 2 + yy % 2) * 2 + xx % 2];
								assertEquals(e, got[(((s * out + o) * 2 * d + zz) * 2 * h + yy) * 2 * w + xx], 1e-5);
							}
		}
	}
}
