package org.labelfit.universeg;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;
import org.labelfit.model.Tensor;

/**
 * The shape of a UniverSeg network: one CrossBlock per entry of {@code encoder} (cross conv and
 * target/support convs all of that many channels), a 2×2 max pool after every encoder block but the
 * last, decoder blocks of {@code encoder[n−2], …, encoder[0]} channels after bilinear ×2 upsampling
 * and [upsampled, skip] concatenation, and a 1×1 output conv to one logit. v1 is {@code [64, 64, 64, 64]}.
 * <p>
 * Tensor names are those of the official state dict ({@code enc_blocks.0.cross.cross_conv.weight},
 * {@code dec_blocks.2.support.vmapped.conv.bias}, {@code out_conv.conv.weight}, ...), in the order
 * the official module registers them, so released weights load without renaming.
 */
public record UniverSegConfig(int[] encoder) {

	/** Query image channels and support [image, label] channels. */
	static final int QUERY_CHANNELS = 1, SUPPORT_CHANNELS = 2;
	/** The grid the released weights were trained on. */
	public static final int SIZE = 128;
	public static final int MIN_BLOCKS = 2, MAX_BLOCKS = 6, MAX_WIDTH = 1024;

	public UniverSegConfig {
		if (encoder == null || encoder.length < MIN_BLOCKS || encoder.length > MAX_BLOCKS)
			throw new LabelFitException("UniverSeg needs " + MIN_BLOCKS + " to " + MAX_BLOCKS + " encoder blocks, got " +
				(encoder == null ? 0 : encoder.length));
		for (int c : encoder)
			if (c < 1 || c > MAX_WIDTH)
				throw new LabelFitException("UniverSeg block widths must be between 1 and " + MAX_WIDTH + ", got " + c);
		encoder = encoder.clone();
	}

	/** The released model: {@code universeg(version="v1")}, 1,182,785 parameters. */
	public static UniverSegConfig v1() {
		return new UniverSegConfig(new int[] { 64, 64, 64, 64 });
	}

	/** All blocks {@code width} channels wide, {@code blocks} encoder blocks. */
	public static UniverSegConfig uniform(int width, int blocks) {
		int[] e = new int[blocks];
		Arrays.fill(e, width);
		return new UniverSegConfig(e);
	}

	@Override
	public int[] encoder() {
		return encoder.clone();
	}

	public int encoderBlocks() {
		return encoder.length;
	}

	public int decoderBlocks() {
		return encoder.length - 1;
	}

	/** Width of decoder block {@code j}: the encoder widths reversed, the bottleneck left out. */
	public int decoderWidth(int j) {
		return encoder[encoder.length - 2 - j];
	}

	/** Query input channels of encoder block {@code i}; the support has as many except in block 0. */
	int encoderQueryIn(int i) {
		return i == 0 ? QUERY_CHANNELS : encoder[i - 1];
	}

	int encoderSupportIn(int i) {
		return i == 0 ? SUPPORT_CHANNELS : encoder[i - 1];
	}

	/** Query (= support) input channels of decoder block {@code j}: upsampled features then the skip. */
	int decoderIn(int j) {
		int previous = j == 0 ? encoder[encoder.length - 1] : decoderWidth(j - 1);
		return previous + encoder[encoder.length - 2 - j];
	}

	/** Height and width must be multiples of this (one halving per pooled level). */
	public int divisor() {
		return 1 << (encoder.length - 1);
	}

	/** Block name prefixes in registration order: enc_blocks.0 … then dec_blocks.0 …. */
	List<String> blockPrefixes() {
		List<String> out = new java.util.ArrayList<>();
		for (int i = 0; i < encoder.length; i++) out.add("enc_blocks." + i);
		for (int j = 0; j < decoderBlocks(); j++) out.add("dec_blocks." + j);
		return out;
	}

	/** Every tensor in the official state-dict order: name → shape. */
	public Map<String, long[]> tensorShapes() {
		Map<String, long[]> shapes = new LinkedHashMap<>();
		for (int i = 0; i < encoder.length; i++)
			block(shapes, "enc_blocks." + i, encoderQueryIn(i) + encoderSupportIn(i), encoder[i]);
		for (int j = 0; j < decoderBlocks(); j++)
			block(shapes, "dec_blocks." + j, 2 * decoderIn(j), decoderWidth(j));
		int last = decoderWidth(decoderBlocks() - 1);
		shapes.put("out_conv.conv.weight", new long[] { 1, last, 1, 1 });
		shapes.put("out_conv.conv.bias", new long[] { 1 });
		return shapes;
	}

	private static void block(Map<String, long[]> shapes, String prefix, int crossIn, int width) {
		shapes.put(prefix + ".cross.cross_conv.weight", new long[] { width, crossIn, 3, 3 });
		shapes.put(prefix + ".cross.cross_conv.bias", new long[] { width });
		for (String branch : new String[] { "target", "support" }) {
			shapes.put(prefix + "." + branch + ".vmapped.conv.weight", new long[] { width, width, 3, 3 });
			shapes.put(prefix + "." + branch + ".vmapped.conv.bias", new long[] { width });
		}
	}

	public long parameterCount() {
		return Tensor.elementCount(tensorShapes().values());
	}

	/** Fails naming the first tensor that is missing, unexpected or of the wrong shape. */
	public void requireWeights(Map<String, Tensor> weights) {
		Map<String, long[]> expected = tensorShapes();
		for (Map.Entry<String, long[]> e : expected.entrySet()) {
			Tensor t = weights.get(e.getKey());
			if (t == null) throw new LabelFitException("weights lack tensor '" + e.getKey() + "'");
			if (!Arrays.equals(t.shape(), e.getValue()))
				throw new LabelFitException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + ", expected " +
					Arrays.toString(e.getValue()));
		}
		for (String name : weights.keySet())
			if (!expected.containsKey(name))
				throw new LabelFitException("weights hold unexpected tensor '" + Quoted.of(name) + "' (not part of UniverSeg " + this +
					")");
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof UniverSegConfig c && Arrays.equals(encoder, c.encoder);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(encoder);
	}

	@Override
	public String toString() {
		return "encoder " + Arrays.toString(encoder);
	}
}
