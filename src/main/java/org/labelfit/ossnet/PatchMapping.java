package org.labelfit.ossnet;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * The decoder's patch mapping (spec §2.3): Conv3d(Cp → max(Cp/2, 1), 7³, padding 3, bias) → PAU → Conv3d(→ 1, 7³,
 * padding 3, bias) → PAU on each point's (Cp, 7, 7, 7) patch, flattened to 343 features.
 * <p>
 * A 7³ kernel with padding 3 on a 7³ input is a dense linear map of the whole patch: out[o, p] = b[o] +
 * Σ_{c, q} W[o, c, q − p + 3]·x[c, q] over the taps that fall inside the kernel. Each convolution is therefore one
 * matrix product with a (Cin·343) × (Cout·343) matrix gathered from W (zeros where q − p + 3 leaves the kernel),
 * an exact rewrite that needs no channel padding for oneDNN (the conv would pad 8 → 4 → 1 channels to 16 → 16 → 16,
 * 8 to 64 times the work) and runs as one GEMM per layer. Autograd carries the gradient back through the gather.
 */
final class PatchMapping implements AutoCloseable {

	static final String PREFIX = "decoder.patch_mapping.mapping";
	private static final int K = OssNetConfig.PATCH, CELLS = OssNetConfig.PATCH_FEATURES;

	private final int in, hidden;
	/** Flat indices into [W.flatten(), 0] for the two layers' dense matrices. */
	private final NDArray first, second;

	PatchMapping(OssNetConfig config, NDManager manager) {
		in = config.patchChannels();
		hidden = config.patchHidden();
		first = manager.create(toeplitzIndex(in, hidden), new Shape((long) in * CELLS, (long) hidden * CELLS));
		second = manager.create(toeplitzIndex(hidden, 1), new Shape((long) hidden * CELLS, CELLS));
	}

	/**
	 * I[(c, q), (o, p)] = index of W[o, c, q − p + 3] in W's C order, or W.size() (the appended zero) when a tap
	 * leaves the kernel; q and p run over the 7³ voxels in C order.
	 */
	static long[] toeplitzIndex(int in, int out) {
		long zero = (long) out * in * CELLS;
		long[] index = new long[in * CELLS * out * CELLS];
		int columns = out * CELLS, i = 0;
		for (int c = 0; c < in; c++)
			for (int q = 0; q < CELLS; q++)
				for (int o = 0; o < out; o++)
					for (int p = 0; p < CELLS; p++, i++) {
						int kx = q / (K * K) - p / (K * K) + K / 2, ky = q / K % K - p / K % K + K / 2, kz = q % K - p % K + K / 2;
						boolean inside = kx >= 0 && kx < K && ky >= 0 && ky < K && kz >= 0 && kz < K;
						index[i] = inside ? ((long) o * in + c) * CELLS + (kx * K + ky) * K + kz : zero;
					}
		assert i == (long) in * CELLS * columns;
		return index;
	}

	/** Patch features (M, 343) of patches (M, Cp, 7, 7, 7). */
	NDArray apply(NDArray patches, Map<String, NDArray> p) {
		long m = patches.getShape().get(0);
		NDArray x = patches.reshape(m, (long) in * CELLS);
		NDArray h = layer(x, p.get(PREFIX + ".0.weight"), p.get(PREFIX + ".0.bias"), first);
		NDArray a = Pade.apply(h, p.get(PREFIX + ".1." + OssNetTensors.NUMERATOR), p.get(PREFIX + ".1." + OssNetTensors.DENOMINATOR));
		h.close();
		NDArray y = layer(a, p.get(PREFIX + ".3.weight"), p.get(PREFIX + ".3.bias"), second);
		a.close();
		NDArray out = Pade.apply(y, p.get(PREFIX + ".4." + OssNetTensors.NUMERATOR), p.get(PREFIX + ".4." + OssNetTensors.DENOMINATOR));
		y.close();
		return out;
	}

	/** x (M, Cin·343) times the dense matrix of {@code weight}, plus the bias of each output channel at every voxel. */
	private static NDArray layer(NDArray x, NDArray weight, NDArray bias, NDArray index) {
		try (NDArray flat = weight.flatten(); NDArray zero = weight.getManager().zeros(new Shape(1), DataType.FLOAT32, weight.getDevice());
			NDArray padded = flat.concat(zero); NDArray dense = padded.take(index); NDArray t = dense.transpose();
			NDArray column = bias.reshape(-1, 1); NDArray b = column.broadcast(bias.size(), CELLS).flatten())
		{
			// take gives the matrix (Cin·343, Cout·343); linear wants it as (out, in), and b[o] at each of o's 343 voxels
			return Linear.linear(x, t, b).singletonOrThrow();
		}
	}

	@Override
	public void close() {
		first.close();
		second.close();
	}
}
