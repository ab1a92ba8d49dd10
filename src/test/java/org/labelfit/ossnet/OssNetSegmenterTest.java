package org.labelfit.ossnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.CpuTest;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.train.Progress;

/** Segmenting with a small random network (grid 16×16×8, one encoder block) against direct network calls. */
class OssNetSegmenterTest extends CpuTest {

	static final OssNetConfig.Grid GRID = new OssNetConfig.Grid(16, 16, 8);
	/** An input smaller than the grid on every axis: padding 1/1, 2/2 and 1/0. */
	static final int NX = 14, NY = 12, NZ = 7;

	static OssNetModel model(OssNetVariant variant) {
		OssNetConfig c = new OssNetConfig(variant, 1, 1, GRID);
		return new OssNetModel(c, Patches.Pooling.AVERAGE, "ball", OssNetwork.initialWeights(c, 11), null, Map.of());
	}

	static ImageData image(long seed) {
		Random r = new Random(seed);
		return OssNetVolumeTest.volume(NX, NY, NZ, (x, y, z) -> (float) (Math.hypot(x - 7, y - 6) < 4 ? 3 + r.nextGaussian() : r.nextGaussian()));
	}

	/** The network's probability at every grid point, by direct calls (one chunk). */
	static float[] probabilities(OssNetModel model, OssNetVolume volume) {
		int[] points = new int[3 * (int) GRID.voxels()];
		for (int i = 0; i < GRID.voxels(); i++) {
			points[3 * i] = i / (GRID.y() * GRID.z());
			points[3 * i + 1] = i / GRID.z() % GRID.y();
			points[3 * i + 2] = i % GRID.z();
		}
		float[] coordinates = new float[points.length];
		for (int i = 0; i < points.length; i++) coordinates[i] = points[i];
		OssNetConfig c = model.config();
		try (OssNetwork net = new OssNetwork(c, model.weights(), manager); NDScope scope = new NDScope(); Autograd noGraph = Autograd.pause()) {
			scope.suppressNotUsedWarning();
			OssNetwork.Encoded e = net.encode(OssNetwork.downsample(volume.tensor(manager)), false);
			NDArray patches = manager.create(volume.patches(points, c, Patches.Pooling.AVERAGE), new Shape(1, GRID.voxels(), c.patchChannels(), 7, 7, 7));
			return net.decode(e, manager.create(coordinates, new Shape(1, GRID.voxels(), 3)), patches, false).toFloatArray();
		}
	}

	@Test
	void denseLabelsAreTheNetworksThresholdedProbabilitiesCroppedBack() {
		OssNetModel model = model(OssNetVariant.A);
		ImageData image = image(3);
		float[] p = probabilities(model, OssNetVolume.of(List.of(image), model.config(), s -> {}));
		float[] sorted = p.clone();
		Arrays.sort(sorted);
		double tau = sorted[sorted.length / 2]; // about half the voxels above, so the comparison says something
		assertTrue(tau > 0 && tau < 1 && sorted[0] < tau && sorted[sorted.length - 1] > tau, "probabilities from " + sorted[0] + " to " + sorted[sorted.length - 1]);
		OssNetSegmenter.Segmentation s;
		try (OssNetSegmenter segmenter = new OssNetSegmenter(model, new OssNetSegmenter.Options(Mise.Inference.DENSE, tau, 300), Device.cpu())) {
			s = segmenter.segment(List.of(image), Progress.NONE);
		}
		assertArrayEquals(new long[] { GRID.voxels() }, s.queries());
		short[][] labels = Images.shortPlanes(s.labels());
		int ones = 0;
		for (int z = 0; z < NZ; z++)
			for (int y = 0; y < NY; y++)
				for (int x = 0; x < NX; x++) {
					int expected = p[((x + 1) * GRID.y() + y + 2) * GRID.z() + z + 1] > tau ? 1 : 0;
					assertEquals(expected, labels[z][y * NX + x], x + "," + y + "," + z);
					ones += expected;
				}
		assertTrue(ones > 0 && ones < NX * NY * NZ);
	}

	@Test
	void miseFindsOnlyWhatDenseFindsAndRepeatsExactly() {
		OssNetModel model = model(OssNetVariant.C);
		ImageData image = image(4);
		float[] p = probabilities(model, OssNetVolume.of(List.of(image), model.config(), s -> {}));
		float[] sorted = p.clone();
		Arrays.sort(sorted);
		double tau = sorted[sorted.length * 3 / 4];
		List<short[][]> runs = new ArrayList<>();
		List<long[]> queries = new ArrayList<>();
		try (OssNetSegmenter dense = new OssNetSegmenter(model, new OssNetSegmenter.Options(Mise.Inference.DENSE, tau, 4096), Device.cpu());
			OssNetSegmenter mise = new OssNetSegmenter(model, new OssNetSegmenter.Options(Mise.Inference.MISE, tau, 100), Device.cpu());
			OssNetSegmenter optimised = new OssNetSegmenter(model, new OssNetSegmenter.Options(Mise.Inference.MISE_OPTIMISED, tau, 100), Device.cpu()))
		{
			short[][] all = Images.shortPlanes(dense.segment(List.of(image), Progress.NONE).labels());
			for (int repeat = 0; repeat < 3; repeat++) {
				OssNetSegmenter.Segmentation s = mise.segment(List.of(image), Progress.NONE);
				runs.add(Images.shortPlanes(s.labels()));
				queries.add(s.queries());
			}
			for (int z = 0; z < NZ; z++)
				for (int i = 0; i < NX * NY; i++) assertTrue(runs.get(0)[z][i] <= all[z][i], "MISE marks only points above the threshold");
			OssNetSegmenter.Segmentation o = optimised.segment(List.of(image), Progress.NONE);
			short[][] fromLowRes = Images.shortPlanes(o.labels());
			for (int z = 0; z < NZ; z++)
				for (int i = 0; i < NX * NY; i++) assertTrue(fromLowRes[z][i] <= all[z][i]);
			assertTrue(o.queries()[0] <= 4 * 4 * 2);
		}
		assertEquals(4 * 4 * 2, queries.get(0)[0], "the whole stride-4 lattice");
		for (int repeat = 1; repeat < 3; repeat++) {
			assertArrayEquals(queries.get(0), queries.get(repeat));
			for (int z = 0; z < NZ; z++) assertArrayEquals(runs.get(0)[z], runs.get(repeat)[z]);
		}
	}

	@Test
	void optimisedNeedsTheLowResolutionSegmentation() {
		String m = assertThrows(LabelFitException.class,
			() -> new OssNetSegmenter(model(OssNetVariant.A), new OssNetSegmenter.Options(Mise.Inference.MISE_OPTIMISED, 0.5, 10), Device.cpu()))
			.getMessage();
		assertTrue(m.startsWith("mise-optimised starts from the low-resolution segmentation of OSS-Net C or D"), m);
		assertThrows(LabelFitException.class, () -> new OssNetSegmenter.Options(Mise.Inference.MISE, 1, 10));
		assertThrows(LabelFitException.class, () -> new OssNetSegmenter.Options(Mise.Inference.MISE, 0.5, 0));
		assertEquals("inference must be mise, mise-optimised or dense, not 'fast'",
			assertThrows(LabelFitException.class, () -> Mise.Inference.of("fast")).getMessage());
	}

	@Test
	void memoryEstimateRefusesWhatDoesNotFitAndSuggestsAChunkThatDoes() {
		OssNetConfig brats = new OssNetConfig(OssNetVariant.D, 4, 4, new OssNetConfig.Grid(256, 256, 160));
		OssNetMemory full = OssNetMemory.estimate(brats, 1 << 14);
		long available = full.encoderBytes() + full.chunkBytes() / 5;
		String m = assertThrows(LabelFitException.class, () -> OssNetMemory.check(brats, 1 << 14, available, Long.MAX_VALUE, "scan")).getMessage();
		assertTrue(m.startsWith("segmenting scan needs about "), m);
		int suggested = Integer.parseInt(m.substring(m.indexOf("try --chunk ") + 12));
		// a fifth of the chunk's memory: 2¹⁴ / 8 = 2048 points is the largest power of two that fits
		assertEquals(2048, suggested);
		assertTrue(OssNetMemory.estimate(brats, suggested).nativeBytes() <= available);
		assertTrue(OssNetMemory.estimate(brats, 2 * suggested).nativeBytes() > available);
		OssNetMemory.check(brats, suggested, available, Long.MAX_VALUE, "scan");
		assertTrue(assertThrows(LabelFitException.class, () -> OssNetMemory.check(brats, 1 << 14, full.encoderBytes() / 2, Long.MAX_VALUE, "scan"))
			.getMessage().endsWith("the volume and encoder alone do not fit"));
		assertTrue(assertThrows(LabelFitException.class, () -> OssNetMemory.check(brats, 1 << 14, -1, full.heapBytes() - 1, "scan"))
			.getMessage().contains("of Java heap needed to segment scan"));
		// the heap holds the 4-channel float volume at least: 4 · 4 · 256·256·160 bytes
		assertTrue(full.heapBytes() >= 16L * 256 * 256 * 160);
	}
}
