package org.labelfit.metaseg;

import org.labelfit.LabelFitException;

/**
 * Every hyperparameter of MetaSeg training and fitting. Defaults are the paper's 2D 5-class
 * notebook values except where noted; {@link #forConfig} gives the 3D values.
 *
 * @param outerSteps meta-training steps (one image each)
 * @param innerSteps K, differentiable inner Adam steps per task (2)
 * @param innerLr inner Adam learning rate (1e-4)
 * @param outerLr outer Adam learning rate (1e-4)
 * @param gamma focal-loss γ (1 for 2D 5-class, 2 for 2D fine, 3 for 3D)
 * @param fitSteps T, pixel-only fitting steps at validation, head retraining and inference (100; 300 in 3D)
 * @param fitLr fitting Adam learning rate (1e-4)
 * @param validateEvery outer steps between validations (50; 100 in 3D)
 * @param validationCount at most this many validation images are fitted per validation
 * @param firstOrder drop second-order terms (a documented deviation, faster)
 * @param headEpochs epochs of step-2 head retraining (the paper uses 4001; fewer by default, a deviation)
 * @param headLr head retraining learning rate (5e-5)
 * @param headValidateEvery epochs between head validations (50)
 * @param backgroundWeight weight of background points in the 3D weighted MSE (0.1), null for plain MSE
 * @param stride 3D grid stride (2)
 * @param seed initialisation seed (422 in the official notebooks)
 */
public record MetaSegSettings(int outerSteps, int innerSteps, double innerLr, double outerLr, double gamma, int fitSteps,
	double fitLr, int validateEvery, int validationCount, boolean firstOrder, int headEpochs, double headLr,
	int headValidateEvery, Double backgroundWeight, int stride, long seed)
{

	public MetaSegSettings {
		if (outerSteps < 0) throw new LabelFitException("outer steps must be 0 or more, got " + outerSteps);
		positive("inner steps", innerSteps);
		positive("fit steps", fitSteps, MetaSegModel.MAX_FIT_STEPS);
		positive("validation interval", validateEvery);
		positive("head validation interval", headValidateEvery);
		positive("stride", stride, MetaSegModel.MAX_STRIDE);
		if (headEpochs < 0) throw new LabelFitException("head epochs must be 0 or more, got " + headEpochs);
		if (!(innerLr > 0 && outerLr > 0 && fitLr > 0 && headLr > 0)) throw new LabelFitException("learning rates must be positive");
		if (gamma < 1 && gamma != 0) throw new LabelFitException("focal gamma must be 0 or at least 1, got " + gamma);
	}

	private static void positive(String what, int value) {
		positive(what, value, Integer.MAX_VALUE);
	}

	private static void positive(String what, int value, int max) {
		if (value < 1) throw new LabelFitException(what + " must be at least 1, got " + value);
		if (value > max) throw new LabelFitException(what + " must be at most " + max + ", got " + value);
	}

	/** The paper's settings for a configuration: γ, T, validation interval and the 3D weighted MSE. */
	public static MetaSegSettings forConfig(SirenConfig config) {
		boolean threeD = config.inputDims() == 3;
		boolean fine = config.name().equals("2d-fine");
		double gamma = threeD ? 3 : fine ? 2 : 1;
		int t = threeD ? 300 : fine ? 50 : 100;
		double headLr = fine ? 1e-4 : 5e-5;
		return new MetaSegSettings(5000, 2, 1e-4, 1e-4, gamma, t, 1e-4, threeD ? 100 : 50, 10, false, 200, headLr,
			threeD ? 100 : 50, threeD ? 0.1 : null, 2, 422);
	}

	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes a few settings of a base set; the record validates the result. */
	public static final class Builder {

		private int outerSteps, innerSteps, fitSteps, validateEvery, validationCount, headEpochs, headValidateEvery, stride;
		private double innerLr, outerLr, gamma, fitLr, headLr;
		private boolean firstOrder;
		private Double backgroundWeight;
		private long seed;

		private Builder(MetaSegSettings s) {
			outerSteps = s.outerSteps; innerSteps = s.innerSteps; innerLr = s.innerLr; outerLr = s.outerLr; gamma = s.gamma;
			fitSteps = s.fitSteps; fitLr = s.fitLr; validateEvery = s.validateEvery; validationCount = s.validationCount;
			firstOrder = s.firstOrder; headEpochs = s.headEpochs; headLr = s.headLr; headValidateEvery = s.headValidateEvery;
			backgroundWeight = s.backgroundWeight; stride = s.stride; seed = s.seed;
		}

		public Builder outerSteps(int v) { outerSteps = v; return this; }
		public Builder innerSteps(int v) { innerSteps = v; return this; }
		public Builder innerLr(double v) { innerLr = v; return this; }
		public Builder gamma(double v) { gamma = v; return this; }
		public Builder fitSteps(int v) { fitSteps = v; return this; }
		public Builder validateEvery(int v) { validateEvery = v; return this; }
		public Builder firstOrder(boolean v) { firstOrder = v; return this; }
		public Builder headEpochs(int v) { headEpochs = v; return this; }
		public Builder headValidateEvery(int v) { headValidateEvery = v; return this; }
		public Builder stride(int v) { stride = v; return this; }
		public Builder seed(long v) { seed = v; return this; }

		public MetaSegSettings build() {
			return new MetaSegSettings(outerSteps, innerSteps, innerLr, outerLr, gamma, fitSteps, fitLr, validateEvery,
				validationCount, firstOrder, headEpochs, headLr, headValidateEvery, backgroundWeight, stride, seed);
		}
	}
}
