package org.labelfit.ossnet;

import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.HeapBudget;
import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.engine.Memory;
import org.labelfit.engine.NonFinite;
import org.labelfit.image.Images;
import org.labelfit.io.ImageData;
import org.labelfit.mesh.Components;
import org.labelfit.mesh.MarchingCubes;
import org.labelfit.mesh.Mesh;
import org.labelfit.mesh.MeshFiles;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * Segments volumes with an OSS-Net model: {@link OssNetVolume} preprocessing, one encoding per volume (running
 * statistics), then MISE, optimised MISE (C, D) or dense evaluation of the decoder in chunks of points with their
 * patches from the full-resolution grid, and the occupancy grid back on the input's own grid.
 */
public final class OssNetSegmenter implements AutoCloseable {

	/** The official inference chunk (2¹⁴ points per decoder call). */
	public static final int DEFAULT_CHUNK = 1 << 14;
	static final int MAX_CHUNK = 1 << 22;

	/**
	 * @param threshold the occupancy threshold τ (official 0.5)
	 * @param chunk points per decoder call
	 */
	public record Options(Mise.Inference inference, double threshold, int chunk) {

		public Options {
			if (inference == null) inference = Mise.Inference.MISE;
			if (!(threshold > 0 && threshold < 1)) throw new LabelFitException("threshold must lie between 0 and 1, got " + threshold);
			if (chunk < 1 || chunk > MAX_CHUNK) throw new LabelFitException("chunk must be 1 to " + MAX_CHUNK + " points, got " + chunk);
		}

		public static Options defaults() {
			return new Options(Mise.Inference.MISE, 0.5, DEFAULT_CHUNK);
		}
	}

	/** The labels (0 background, 1 the model's class) on the input's grid, and the decoder queries per stage. */
	public record Segmentation(Img<UnsignedShortType> labels, long[] queries) {

		/**
		 * OSS-Net's optional mesh export (for viewing): components under {@code minVoxels} voxels removed (official 12³,
		 * face-connected), marching cubes at 0.5 in physical units ({@code spacing}), written as STL or OBJ by the
		 * file's extension. The official quadric decimation and vertex refinement are not done. Returns the mesh.
		 */
		public Mesh writeMesh(java.nio.file.Path file, double[] spacing, int minVoxels, Progress progress) {
			MeshFiles.format(file);
			int nx = (int) labels.dimension(0), ny = (int) labels.dimension(1), nz = (int) labels.dimension(2);
			boolean[] mask = new boolean[nx * ny * nz];
			short[][] planes = Images.shortPlanes(labels);
			for (int z = 0; z < nz; z++)
				for (int i = 0; i < nx * ny; i++) mask[z * nx * ny + i] = planes[z][i] != 0;
			long removed = Components.removeSmall(mask, nx, ny, nz, minVoxels);
			Mesh mesh = MarchingCubes.of(mask, nx, ny, nz, new double[] { spacing[0], spacing[1], spacing[2] });
			MeshFiles.write(file, mesh);
			progress.log(String.format(Locale.ROOT, "%s: %,d triangles, %,d vertices, %,d voxels in components under %,d voxels removed%s",
				file.getFileName(), mesh.triangleCount(), mesh.vertexCount(), removed, minVoxels, mesh.triangleCount() == 0 ? " (empty mesh)" : ""));
			return mesh;
		}
	}

	private final OssNetModel model;
	private final Options options;
	private final Device device;
	private final NDManager manager;
	private final OssNetwork network;

	public OssNetSegmenter(OssNetModel model, Options options, Device device) {
		if (options.inference() == Mise.Inference.MISE_OPTIMISED && !model.config().variant().skipEncoder())
			throw new LabelFitException("mise-optimised starts from the low-resolution segmentation of OSS-Net C or D; this model is " +
				model.config().variant().title() + " (use --inference mise)");
		this.model = model;
		this.options = options;
		this.device = device;
		manager = Engines.newManager(device);
		network = new OssNetwork(model.config(), model.weights(), manager);
	}

	/** Labels of one volume given as its channels (in the model's order), on the volume's own grid. */
	public Segmentation segment(List<ImageData> channels, Progress progress) {
		OssNetConfig c = model.config();
		String name = channels.get(0).name();
		// a GPU's free memory is not known here: only the heap is checked then
		long megabytes = device.isGpu() ? -1 : Memory.availableMegabytes();
		OssNetMemory.check(c, options.chunk(), megabytes < 0 ? -1 : megabytes << 20, HeapBudget.availableBytes(), name);
		OssNetVolume volume = OssNetVolume.of(channels, c, progress::log);
		Mise.Result result = occupancy(volume, progress);
		OssNetMemory estimate = OssNetMemory.estimate(c, options.chunk());
		progress.log(String.format(Locale.ROOT, "%s: %s, %s; peak resident memory %d MB (estimated beforehand: %d MB native, %d MB heap)", name,
			options.inference().id(), Mise.describe(result.queries()), Memory.peakResidentMegabytes(), estimate.nativeBytes() >> 20,
			estimate.heapBytes() >> 20));
		return new Segmentation(volume.back(result.occupancy()), result.queries());
	}

	/** The occupancy grid of a prepared volume by the options' inference (also the trainer's validation). */
	Mise.Result occupancy(OssNetVolume volume, Progress progress) {
		OssNetConfig c = model.config();
		String name = volume.name();
		try (Autograd noGraph = Autograd.pause(); OssNetwork.Encoded encoded = encode(volume, progress)) {
			Mise.Occupancy decoder = points -> decode(encoded, volume, points, name);
			return switch (options.inference()) {
				case DENSE -> Mise.dense(c.grid(), decoder, options.threshold(), options.chunk(), progress, name);
				case MISE -> Mise.coarseToFine(c.grid(), decoder, options.threshold(), options.chunk(), null, progress, name);
				case MISE_OPTIMISED -> Mise.coarseToFine(c.grid(), decoder, options.threshold(), options.chunk(),
					Mise.lowResStart(encoded.lowRes().toFloatArray(), c.latentGrid(), c.grid()), progress, name);
			};
		}
	}

	/** Occupancy probabilities of a prepared volume at grid points (N × 3), decoded in chunks (the trainer's point validation). */
	float[] probabilities(OssNetVolume volume, int[] points, Progress progress) {
		int n = points.length / 3;
		float[] out = new float[n];
		try (Autograd noGraph = Autograd.pause(); OssNetwork.Encoded encoded = encode(volume, progress)) {
			for (int from = 0; from < n; from += options.chunk()) {
				int m = Math.min(options.chunk(), n - from);
				System.arraycopy(decode(encoded, volume, java.util.Arrays.copyOfRange(points, 3 * from, 3 * (from + m)), volume.name()), 0, out, from, m);
			}
		}
		return out;
	}

	private OssNetwork.Encoded encode(OssNetVolume volume, Progress progress) {
		Meter meter = new Meter(progress, "encoding " + volume.name(), 1);
		OssNetwork.Encoded encoded;
		try (NDArray full = volume.tensor(manager); NDArray input = OssNetwork.downsample(full)) {
			encoded = network.encode(input, false);
		}
		meter.step(Double.NaN);
		return encoded;
	}

	private float[] decode(OssNetwork.Encoded encoded, OssNetVolume volume, int[] points, String name) {
		int n = points.length / 3;
		float[] coordinates = new float[points.length];
		for (int i = 0; i < points.length; i++) coordinates[i] = points[i];
		OssNetConfig c = model.config();
		float[] p;
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			NDArray patches = c.variant().localPatches() ? manager.create(volume.patches(points, c, model.largePooling()),
				new Shape(1, n, c.patchChannels(), OssNetConfig.PATCH, OssNetConfig.PATCH, OssNetConfig.PATCH)) : null;
			p = network.decode(encoded, manager.create(coordinates, new Shape(1, n, 3)), patches, false).toFloatArray();
		}
		NonFinite.checkOutput("OSS-Net on " + name, p);
		return p;
	}

	@Override
	public void close() {
		network.close();
		manager.close();
	}
}
