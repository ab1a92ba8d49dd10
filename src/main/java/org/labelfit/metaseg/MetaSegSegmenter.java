package org.labelfit.metaseg;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import org.labelfit.data.Sample;
import org.labelfit.LabelFitException;
import org.labelfit.engine.Engines;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;

/**
 * "Fit pixels, get labels" on one preprocessed sample: T pixel-only Adam steps from θ*, then
 * the frozen head decodes the features on any output grid, since the INR is continuous.
 */
public final class MetaSegSegmenter implements AutoCloseable {

	private final MetaSegModel model;
	private final Siren siren;
	private final NDManager manager;
	private final NDList params;
	private final int fitSteps;

	/** {@code fitSteps} ≤ 0 uses the model's T (the one its head was trained with). */
	public MetaSegSegmenter(MetaSegModel model, Device device, int fitSteps) {
		this.model = model;
		this.siren = new Siren(model.config());
		this.manager = Engines.newManager(device);
		this.params = model.parameters(manager);
		this.fitSteps = fitSteps > 0 ? fitSteps : model.fitSteps();
	}

	public int fitSteps() {
		return fitSteps;
	}

	/**
	 * Labels of {@code sample} on an output grid of {@code outWidth × outHeight × outDepth} points
	 * spanning the same [−1, 1] extent (the sample's own grid for scale 1).
	 */
	public short[] segment(Sample sample, int outWidth, int outHeight, int outDepth, Progress progress) {
		SirenConfig config = model.config();
		if ((config.inputDims() == 3) != sample.is3d())
			throw new LabelFitException("a " + config.inputDims() + "D model cannot fit a " + (sample.is3d() ? "3D" : "2D") + " sample");
		Fitter fitter = new Fitter(siren, model.fitLr(), fitSteps);
		try (NDScope scope = new NDScope()) {
			scope.suppressNotUsedWarning();
			try (SampleTensors t = SampleTensors.of(manager, sample, config.inputDims(), model.stride(), 0, null)) {
				NDList fitted = fitter.fit(params, t.coords(), t.target(), new Meter(progress, "fitting " + sample.name(), fitSteps));
				float[] grid = config.inputDims() == 2 ? Coordinates.grid2d(outWidth, outHeight)
					: Coordinates.grid3d(outWidth, outHeight, outDepth, 1);
				NDArray coords = manager.create(grid, new Shape(grid.length / config.inputDims(), config.inputDims()));
				int[] labels = fitter.decode(fitted, coords);
				short[] out = new short[labels.length];
				for (int i = 0; i < labels.length; i++) out[i] = (short) labels[i];
				return out;
			}
		}
	}

	@Override
	public void close() {
		manager.close();
	}
}
