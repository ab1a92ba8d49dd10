package org.labelfit.ossnet;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.labelfit.LabelFitException;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

/**
 * An OSS-Net (spec §2) over named parameter arrays: the whole state dict, statistics included, on one device.
 * <p>
 * The two halves are separate calls, as training and coarse-to-fine inference need them: {@link #encode} once per
 * volume (the ×2 downsample of the padded full-resolution volume goes in), then {@link #decode} for any number of
 * chunks of points with their patches ({@link Patches}). {@code training} selects batch statistics (and updates the
 * running ones) or running statistics in every BatchNorm and CBN.
 */
public final class OssNetwork implements AutoCloseable {

	private final OssNetConfig config;
	private final NDManager manager;
	private final Map<String, NDArray> params = new LinkedHashMap<>();
	private final OssDecoder decoder;

	/** A network with {@code weights} (exactly the tensors of {@code config}) copied onto {@code manager}'s device. */
	public OssNetwork(OssNetConfig config, Map<String, Tensor> weights, NDManager manager) {
		this.config = config;
		this.manager = manager.newSubManager();
		Map<String, long[]> shapes = OssNetTensors.shapes(config);
		StateDicts.require("OSS-Net", weights, shapes);
		for (String name : shapes.keySet()) {
			Tensor t = weights.get(name);
			NDArray a = this.manager.create(t.buffer(), new Shape(t.shape()));
			a.setName(name);
			params.put(name, a);
		}
		decoder = new OssDecoder(config, this.manager);
	}

	public OssNetConfig config() {
		return config;
	}

	/**
	 * Fresh weights as PyTorch initialises the official modules: Conv3d and Linear weights and biases U(±1/√fan_in)
	 * (kaiming_uniform with a = √5), BatchNorm weight 1, bias 0, running mean 0, variance 1; CBN γ-layers weight 0 and
	 * bias 1, β-layers 0 and 0 (spec §2.4); every PAU at the leaky-ReLU fit.
	 */
	public static Map<String, Tensor> initialWeights(OssNetConfig config, long seed) {
		Random rng = new Random(seed);
		Map<String, long[]> shapes = OssNetTensors.shapes(config);
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			String name = e.getKey();
			long[] shape = e.getValue();
			float[] v = new float[(int) Tensor.elementCount(shape)];
			if (name.endsWith("." + OssNetTensors.NUMERATOR)) copy(Pade.INIT_NUMERATOR, v);
			else if (name.endsWith("." + OssNetTensors.DENOMINATOR)) copy(Pade.INIT_DENOMINATOR, v);
			else if (name.endsWith(".running_var") || name.endsWith(".linear_gamma.bias") || isNorm(name, shapes) && name.endsWith(".weight"))
				Arrays.fill(v, 1);
			else if (!StateDicts.isStatistic(name) && !isNorm(name, shapes) && !name.contains(".linear_gamma.") && !name.contains(".linear_beta.")) {
				long[] weight = shapes.get(name.substring(0, name.lastIndexOf('.')) + ".weight");
				double bound = 1 / Math.sqrt(Tensor.elementCount(weight) / weight[0]);
				for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
			}
			// left at 0: running means, batch counters, BatchNorm biases, the CBN β layers and γ weights
			out.put(name, Tensor.adopt(shape, v));
		}
		return out;
	}

	/** Whether {@code name} belongs to a BatchNorm (its prefix has running statistics). */
	private static boolean isNorm(String name, Map<String, long[]> shapes) {
		return shapes.containsKey(name.substring(0, name.lastIndexOf('.')) + ".running_mean");
	}

	private static void copy(double[] from, float[] to) {
		for (int i = 0; i < to.length; i++) to[i] = (float) from[i];
	}

	/** Every tensor in state-dict order (learnt and statistics). */
	public Map<String, NDArray> tensors() {
		return Collections.unmodifiableMap(params);
	}

	/** The learnt parameters (statistics excluded), in state-dict order. */
	public NDList parameters() {
		NDList out = new NDList();
		for (Map.Entry<String, NDArray> e : params.entrySet())
			if (!StateDicts.isStatistic(e.getKey())) out.add(e.getValue());
		return out;
	}

	/** Makes every learnt parameter a leaf that collects gradients, for training. */
	public void attachGradients() {
		for (NDArray a : parameters()) a.setRequiresGradient(true);
	}

	/** Every tensor copied off the device, by official name. */
	public Map<String, Tensor> export() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> e : params.entrySet())
			out.put(e.getKey(), Tensor.adopt(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
		return out;
	}

	/** The ×2 trilinear downsample (align_corners = false) of a padded volume (B, C, grid): the encoder's input. */
	public static NDArray downsample(NDArray volume) {
		return OssEncoder.averagePool(volume);
	}

	/** Encodes the downsampled volume (B, C, encoder grid): latent (B, 1 or 6, L) and, for C/D, the low-resolution segmentation. */
	public Encoded encode(NDArray encoderInput, boolean training) {
		Shape s = encoderInput.getShape();
		OssNetConfig.Grid g = config.encoderGrid();
		if (s.dimension() != 5 || s.get(1) != config.channels() || s.get(2) != g.x() || s.get(3) != g.y() || s.get(4) != g.z())
			throw new LabelFitException("OSS-Net (" + config + ") encodes (B, " + config.channels() + ", " + g.x() + ", " + g.y() + ", " + g.z() +
				"), got " + s);
		return OssEncoder.encode(config, encoderInput, params, training);
	}

	/** The encoder's outputs: latent (B, 1 or 6, L) and, for C/D only, the low-resolution segmentation (B, 1, latent grid). */
	public record Encoded(NDArray latent, NDArray lowRes) implements AutoCloseable {

		@Override
		public void close() {
			latent.close();
			if (lowRes != null) lowRes.close();
		}
	}

	/**
	 * Occupancy probabilities (B, N) at integer voxel coordinates (B, N, 3) of the full-resolution grid, as floats;
	 * {@code patches} (B, N, Cp, 7, 7, 7) for A–D, null for O-Net.
	 */
	public NDArray decode(Encoded encoded, NDArray coordinates, NDArray patches, boolean training) {
		Shape c = coordinates.getShape(), l = encoded.latent().getShape();
		if (c.dimension() != 3 || c.get(2) != OssNetConfig.COORDINATES || l.get(0) != c.get(0))
			throw new LabelFitException("OSS-Net decodes coordinates (B, N, 3) for " + l.get(0) + " latents, got " + c);
		int k = OssNetConfig.PATCH;
		boolean want = config.variant().localPatches();
		if (want != (patches != null) || want && !patches.getShape().equals(new Shape(c.get(0), c.get(1), config.patchChannels(), k, k, k)))
			throw new LabelFitException("OSS-Net " + config.variant().title() + " takes " + (want ? "patches (B, N, " + config.patchChannels() +
				", 7, 7, 7)" : "no patches") + ", got " + (patches == null ? "none" : patches.getShape()));
		return decoder.decode(encoded.latent(), coordinates, patches, params, training);
	}

	@Override
	public void close() {
		decoder.close();
		manager.close();
	}
}
