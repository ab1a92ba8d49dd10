package org.labelfit.ossnet;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;

/**
 * What segmenting one volume needs, estimated before the run (float32 tensors; the network closes its intermediate
 * tensors as it goes, so the largest layer's live tensors count, not the sum of all layers):
 * <ul>
 * <li>native (device) memory: the full-resolution volume and the encoder input, plus block 0's live activations
 * (its input padded to whole 16-channel blocks, about 6 tensors of its width at the encoder grid), plus one chunk
 * of points with their patches, the patch mapping's tensors and a decoder block's live tensors;</li>
 * <li>Java heap: the prepared volume, the occupancy grid and its dilation, one chunk's patches and coordinates.</li>
 * </ul>
 *
 * @param encoderBytes native bytes of the encoding
 * @param chunkBytes native bytes of one decoder chunk
 * @param heapBytes Java heap bytes
 */
public record OssNetMemory(long encoderBytes, long chunkBytes, long heapBytes) {

	/** Live tensors of a layer's width, per voxel or point (output, norm, PAU temporaries). */
	static final int LIVE = 6;

	public static OssNetMemory estimate(OssNetConfig c, int chunk) {
		long v = c.grid().voxels(), ve = c.encoderGrid().voxels();
		long encoder = Float.BYTES * (c.channels() * (v + ve) + ve * (Math.max(16, c.channels()) + (long) LIVE * c.width(0)));
		long patch = (long) c.patchChannels() * OssNetConfig.PATCH_FEATURES;
		long perPoint = 2 * patch + (c.variant().localPatches() ? (long) LIVE * (c.patchHidden() + 1) * OssNetConfig.PATCH_FEATURES : 0) +
			2L * c.decoderInput() + (long) LIVE * OssNetConfig.DECODER_WIDTH;
		long heap = Float.BYTES * c.channels() * v + 2 * v + (long) chunk * (Float.BYTES * patch + 3 * Integer.BYTES);
		return new OssNetMemory(encoder, Float.BYTES * perPoint * chunk, heap);
	}

	public long nativeBytes() {
		return encoderBytes + chunkBytes;
	}

	/**
	 * Fails in one line, with a chunk that would fit, when the estimate exceeds what is available; a negative
	 * {@code nativeAvailable} (unknown, or a GPU whose memory is not known here) skips the native check.
	 */
	public static void check(OssNetConfig c, int chunk, long nativeAvailable, long heapAvailable, String name) {
		OssNetMemory m = estimate(c, chunk);
		if (m.heapBytes > heapAvailable)
			throw new LabelFitException(HeapBudget.format(m.heapBytes) + " of Java heap needed to segment " + name + " with " + c + ", " +
				HeapBudget.format(heapAvailable) + " available; raise -Xmx (LABELFIT_XMX, or Edit › Options › Memory & Threads in Fiji)" +
				suggestion(c, chunk, Long.MAX_VALUE, heapAvailable));
		if (nativeAvailable >= 0 && m.nativeBytes() > nativeAvailable)
			throw new LabelFitException("segmenting " + name + " needs about " + HeapBudget.format(m.nativeBytes()) + " of memory (encoder " +
				HeapBudget.format(m.encoderBytes) + ", a chunk of " + chunk + " points " + HeapBudget.format(m.chunkBytes) + "), " +
				HeapBudget.format(nativeAvailable) + " available" + suggestion(c, chunk, nativeAvailable, heapAvailable));
	}

	/** "; try --chunk N" with the largest power of two below {@code chunk} that fits, or why none does. */
	private static String suggestion(OssNetConfig c, int chunk, long nativeAvailable, long heapAvailable) {
		for (int n = Integer.highestOneBit(Math.max(1, chunk - 1)); n >= 1 && n < chunk; n /= 2) {
			OssNetMemory m = estimate(c, n);
			if (m.nativeBytes() <= nativeAvailable && m.heapBytes <= heapAvailable) return "; try --chunk " + n;
		}
		return "; the volume and encoder alone do not fit";
	}
}
