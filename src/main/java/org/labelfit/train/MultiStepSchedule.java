package org.labelfit.train;

import java.util.Arrays;

import org.labelfit.LabelFitException;

/**
 * PyTorch's MultiStepLR stepped once per epoch: during epoch e (0-based) the learning rates are their base values
 * times γ^(number of milestones ≤ e).
 */
public record MultiStepSchedule(int[] milestones, double gamma) {

	public MultiStepSchedule {
		milestones = milestones.clone();
		for (int i = 0; i < milestones.length; i++)
			if (milestones[i] < 1 || i > 0 && milestones[i] <= milestones[i - 1])
				throw new LabelFitException("milestones must be increasing positive epochs, got " + Arrays.toString(milestones));
		if (!(gamma > 0)) throw new LabelFitException("schedule gamma must be positive, got " + gamma);
	}

	@Override
	public int[] milestones() {
		return milestones.clone();
	}

	/** The factor on the base learning rates during epoch {@code epoch} (0-based). */
	public double factor(int epoch) {
		int passed = 0;
		for (int m : milestones) if (m <= epoch) passed++;
		return Math.pow(gamma, passed);
	}

	@Override
	public String toString() {
		return "MultiStepLR(milestones " + Arrays.toString(milestones) + ", gamma " + gamma + ", per epoch)";
	}
}
