package org.labelfit.metaseg;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import org.labelfit.engine.Autograd;
import org.labelfit.train.Adam;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Meter;
import org.labelfit.train.Progress;
import org.labelfit.engine.NonFinite;

/**
 * Step 2 of MetaSeg: closes the gap between meta-training (labels in the inner loop, head
 * adapted) and inference (pixels only, head frozen). Every training and validation image is
 * fitted pixels-only for exactly T steps from θ*, and the head, starting from the
 * meta-learned one, is retrained on those features with the focal loss, one image per step.
 * The head with the lowest validation focal loss is kept.
 */
final class HeadTrainer {

	private final Siren siren;
	private final MetaSegSettings settings;

	HeadTrainer(Siren siren, MetaSegSettings settings) {
		this.siren = siren;
		this.settings = settings;
	}

	/** Replaces the head tensors of {@code params} (in place) by the retrained head. */
	void train(NDManager manager, NDList params, List<SampleTensors> train, List<SampleTensors> validation,
		Progress progress, LossHistory history)
	{
		if (settings.headEpochs() == 0) return;
		Fitter fitter = new Fitter(siren, settings.fitLr(), settings.fitSteps());
		Meter fitMeter = new Meter(progress, "fitting features", train.size() + validation.size());
		List<NDArray> trainFeatures = features(fitter, params, train, fitMeter);
		List<NDArray> validationFeatures = features(fitter, params, validation, fitMeter);
		try {
			int h = siren.config().inrTensorCount();
			NDList head = params.subNDList(h);
			NDList best = null;
			double bestLoss = Double.POSITIVE_INFINITY;
			Meter meter = new Meter(progress, "head training", settings.headEpochs());
			try (Adam adam = new Adam(settings.headLr()); Autograd noGraph = Autograd.pause()) {
				for (int epoch = 1; epoch <= settings.headEpochs(); epoch++) {
					double sum = 0;
					for (int i = 0; i < train.size(); i++) {
						try (NDScope scope = new NDScope()) {
							scope.suppressNotUsedWarning();
							Siren.Gradients g = siren.headGradients(params, trainFeatures.get(i), train.get(i).oneHot(), settings.gamma());
							adam.step(head, g.grads());
							sum += g.loss().getFloat();
						}
					}
					NonFinite.checkLoss("MetaSeg head training", "epoch", epoch, sum);
					history.add("head focal loss", epoch, sum / train.size());
					meter.step(sum / train.size());
					if (!validation.isEmpty() && (epoch % settings.headValidateEvery() == 0 || epoch == settings.headEpochs())) {
						double loss = validationLoss(params, validationFeatures, validation);
						history.add("head validation focal loss", epoch, loss);
						if (loss < bestLoss) {
							bestLoss = loss;
							if (best != null) best.close();
							best = MetaLearner.copy(manager, head);
						}
					}
				}
			}
			if (best != null) {
				progress.log(String.format("head training: kept the head with validation focal loss %.5f", bestLoss));
				for (int i = 0; i < head.size(); i++) best.get(i).copyTo(head.get(i));
				best.close();
			}
		}
		finally {
			trainFeatures.forEach(NDArray::close);
			validationFeatures.forEach(NDArray::close);
		}
	}

	private List<NDArray> features(Fitter fitter, NDList params, List<SampleTensors> samples, Meter meter) {
		List<NDArray> features = new ArrayList<>();
		for (SampleTensors s : samples) {
			try (NDScope scope = new NDScope()) {
				scope.suppressNotUsedWarning();
				NDList fitted = fitter.fit(params, s.coords(), s.target(), null);
				NDArray f = fitter.features(fitted, s.coords());
				NDScope.unregister(f);
				features.add(f);
			}
			meter.step(Double.NaN);
		}
		return features;
	}

	private double validationLoss(NDList params, List<NDArray> features, List<SampleTensors> validation) {
		double sum = 0;
		for (int i = 0; i < validation.size(); i++) {
			try (NDScope scope = new NDScope()) {
				scope.suppressNotUsedWarning();
				sum += Siren.focal(siren.logits(params, features.get(i)), validation.get(i).oneHot(), settings.gamma()).getFloat();
			}
		}
		return sum / validation.size();
	}
}
