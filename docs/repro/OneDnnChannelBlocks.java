import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/**
 * Stand-alone reproducer (DJL's API only, no LabelFit code) of the oneDNN convolution fault of issue 7:
 * a 3×3 convolution of a batch of 4, forward and backward, against a direct float64 loop, for channel
 * counts in → out. On an affected CPU the input gradient is wrong whenever the output channel count is not a
 * multiple of the oneDNN SIMD block (16 with AVX-512, 8 with DNNL_MAX_CPU_ISA=AVX2), the forward pass whenever
 * a blocked input channel count is not, and some runs hold NaN. Run with docs/repro/onednn-channel-blocks.sh.
 */
public class OneDnnChannelBlocks {

	static final int N = 4, H = 12, REPEATS = 10;

	public static void main(String[] args) {
		int[][] cases = { { 1, 1 }, { 3, 8 }, { 8, 8 }, { 16, 8 }, { 17, 17 }, { 24, 24 }, { 32, 5 }, { 64, 1 }, { 16, 16 }, { 64, 64 } };
		int wrongCalls = 0;
		try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
			for (int[] c : cases) {
				int in = c[0], out = c[1], wrongForward = 0, wrongGradient = 0, nanGradient = 0;
				Random r = new Random(in * 100 + out);
				float[] x = gaussian(r, N * in * H * H), w = gaussian(r, out * in * 9), g = gaussian(r, N * out * H * H);
				double[][] ref = reference(x, w, g, in, out);
				for (int run = 0; run < REPEATS; run++) {
					NDArray xs = manager.create(x, new Shape(N, in, H, H)), ws = manager.create(w, new Shape(out, in, 3, 3));
					xs.setRequiresGradient(true);
					NDArray y;
					try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
						y = Conv2d.conv2d(xs, ws, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
						collector.backward(y.mul(manager.create(g, y.getShape())).sum());
					}
					float[] dx = xs.getGradient().toFloatArray();
					if (!close(ref[0], y.toFloatArray())) wrongForward++;
					if (!close(ref[1], dx)) wrongGradient++;
					for (float v : dx) if (Float.isNaN(v)) { nanGradient++; break; }
				}
				wrongCalls += wrongForward + wrongGradient;
				System.out.printf("%2d -> %2d channels: forward wrong in %2d of %d calls, input gradient wrong in %2d (NaN in %d)%n", in, out,
					wrongForward, REPEATS, wrongGradient, nanGradient);
			}
		}
		System.out.println(wrongCalls == 0 ? "all convolutions correct" : wrongCalls + " wrong results: this CPU is affected");
		System.exit(wrongCalls == 0 ? 0 : 1);
	}

	/** y = conv(x, w) and dL/dx for L = Σ y·g, by direct summation in float64 (zero padding 1). */
	static double[][] reference(float[] x, float[] w, float[] g, int in, int out) {
		double[] y = new double[N * out * H * H], dx = new double[x.length];
		for (int n = 0; n < N; n++) for (int o = 0; o < out; o++) for (int i = 0; i < in; i++)
			for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) for (int r = 0; r < H; r++) for (int c = 0; c < H; c++) {
				int sr = r + ky - 1, sc = c + kx - 1;
				if (sr < 0 || sr >= H || sc < 0 || sc >= H) continue;
				int xi = ((n * in + i) * H + sr) * H + sc, yi = ((n * out + o) * H + r) * H + c;
				double wv = w[((o * in + i) * 3 + ky) * 3 + kx];
				y[yi] += wv * x[xi];
				dx[xi] += wv * g[yi];
			}
		return new double[][] { y, dx };
	}

	static boolean close(double[] expected, float[] actual) {
		double scale = 0;
		for (double e : expected) scale = Math.max(scale, Math.abs(e));
		for (int i = 0; i < expected.length; i++) if (!(Math.abs(actual[i] - expected[i]) <= 1e-5 * scale)) return false;
		return true;
	}

	static float[] gaussian(Random r, int n) {
		float[] a = new float[n];
		for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
		return a;
	}
}
