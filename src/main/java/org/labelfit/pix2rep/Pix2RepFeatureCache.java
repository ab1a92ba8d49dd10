package org.labelfit.pix2rep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.labelfit.model.Tensor;

/**
 * The frozen backbone's features of preprocessed slices, kept between runs in one session (Fiji), so that retraining
 * a linear probe after adding scribbles, and labelling the slice again, skip the backbone (issue 10: interactive
 * speed). An entry is keyed by the SHA-256 of the backbone's weights and of the slice's values on the grid: a probe
 * leaves the backbone bit-identical, so the model it trains hits the features its pretrained model cached, while an
 * edited image, another crop or a fine-tuned backbone misses; a hit is never stale. The least recently used entries
 * go once the features exceed the byte budget.
 */
public final class Pix2RepFeatureCache {

	/** The share of the JVM's maximum heap the session's cache may fill. */
	static final double HEAP_SHARE = 0.25;

	private static final Pix2RepFeatureCache SESSION = new Pix2RepFeatureCache((long) (HEAP_SHARE * Runtime.getRuntime().maxMemory()));

	private final long budgetBytes;
	private final LinkedHashMap<String, float[]> entries = new LinkedHashMap<>(16, 0.75f, true);
	private long bytes;

	public Pix2RepFeatureCache(long budgetBytes) {
		this.budgetBytes = budgetBytes;
	}

	/** The cache the Fiji commands of one ImageJ session share: a quarter of the heap. */
	public static Pix2RepFeatureCache session() {
		return SESSION;
	}

	/** The features of {@code slice} under the backbone {@code backbone} ({@link #backboneKey}), or null. */
	synchronized float[] get(String backbone, float[] slice) {
		return entries.get(key(backbone, slice));
	}

	/** Keeps {@code features} (not copied: the caller must not change them), dropping the oldest entries over budget. */
	synchronized void put(String backbone, float[] slice, float[] features) {
		long size = (long) features.length * Float.BYTES;
		if (size > budgetBytes) return;
		float[] old = entries.put(key(backbone, slice), features);
		bytes += size - (old == null ? 0 : (long) old.length * Float.BYTES);
		for (Iterator<float[]> it = entries.values().iterator(); bytes > budgetBytes && it.hasNext();) {
			bytes -= (long) it.next().length * Float.BYTES;
			it.remove();
		}
	}

	/** How many slices' features are kept. */
	public synchronized int size() {
		return entries.size();
	}

	public synchronized void clear() {
		entries.clear();
		bytes = 0;
	}

	/** What identifies a backbone: the SHA-256 of its tensors' names, shapes and values, in the model's order. */
	static String backboneKey(Pix2RepModel model) {
		MessageDigest digest = sha256();
		for (Map.Entry<String, long[]> e : model.config().backboneShapes().entrySet()) {
			digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
			Tensor t = model.weights().get(e.getKey());
			for (long d : t.shape()) digest.update(Long.toString(d).getBytes(StandardCharsets.US_ASCII));
			digest.update(bytes(t.data()));
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String key(String backbone, float[] slice) {
		MessageDigest digest = sha256();
		digest.update(bytes(slice));
		return backbone + ":" + HexFormat.of().formatHex(digest.digest());
	}

	private static ByteBuffer bytes(float[] values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		return b;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
