package org.labelfit.pix2rep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;

/**
 * Mean Teacher fine-tuning (Tarvainen &amp; Valpola 2017, as the SSL4MIS ACDC code runs it; docs/pix2rep.md): the
 * teacher is an exponential moving average of the student's whole state (weights and BatchNorm running statistics),
 * run without gradients in eval mode; each step adds a batch of unlabelled slices on which the student's softmax is
 * pulled towards the teacher's (mean squared difference), each network seeing its own Gaussian noise.
 *
 * @param unlabelled files, folder or glob of the unlabelled images
 * @param emaDecay the teacher's EMA decay α (0.99)
 * @param weight the consistency weight once ramped up (0.1)
 * @param rampUpEpochs epochs of the sigmoid ramp-up exp(−5(1 − t)²)
 */
public record MeanTeacher(String unlabelled, double emaDecay, double weight, int rampUpEpochs) {

	public static final double DEFAULT_EMA_DECAY = 0.99, DEFAULT_WEIGHT = 0.1;
	public static final int DEFAULT_RAMP_UP_EPOCHS = 40;
	/** SSL4MIS's teacher input noise: clamp(N(0, 0.1²), ±0.2), here drawn independently for student and teacher. */
	static final double NOISE_STD = 0.1, NOISE_CLIP = 0.2;

	public MeanTeacher {
		if (unlabelled == null || unlabelled.isBlank()) throw new LabelFitException("--mean-teacher needs unlabelled images (--unlabelled DIR|GLOB)");
		if (!(emaDecay >= 0 && emaDecay < 1)) throw new LabelFitException("the EMA decay must be in [0, 1), got " + emaDecay);
		if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) throw new LabelFitException("the consistency weight must be 0 or more, got " + weight);
		if (rampUpEpochs < 0) throw new LabelFitException("the ramp-up must be 0 or more epochs, got " + rampUpEpochs);
	}

	/** The defaults of SSL4MIS's Mean Teacher on {@code unlabelled}. */
	public static MeanTeacher of(String unlabelled) {
		return new MeanTeacher(unlabelled, DEFAULT_EMA_DECAY, DEFAULT_WEIGHT, DEFAULT_RAMP_UP_EPOCHS);
	}

	/** What the model's provenance records of this run: the settings and every choice the method leaves open. */
	Map<String, Object> provenance(int unlabelledSlices, long rampUpSteps) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("unlabelled", unlabelled);
		p.put("unlabelled_slices", unlabelledSlices);
		p.put("ema_decay", emaDecay);
		p.put("ema_warm_up", "alpha = min(1 - 1/(step + 1), ema_decay) after optimiser step 1, 2, ...");
		p.put("consistency", "mean squared difference of student and teacher softmax on the unlabelled batch");
		p.put("consistency_weight", weight);
		p.put("ramp_up", "weight * exp(-5 (1 - t)^2), t = min(step / ramp_up_steps, 1), step 0, 1, ...");
		p.put("ramp_up_epochs", rampUpEpochs);
		p.put("ramp_up_steps", rampUpSteps);
		p.put("perturbation", "independent Gaussian noise clamp(N(0, " + NOISE_STD + "^2), +-" + NOISE_CLIP + ") on student and teacher inputs");
		p.put("unlabelled_batch", "as many unlabelled slices as the labelled batch, in one student pass with it");
		p.put("teacher", "EMA of the student's weights and BatchNorm running statistics, eval mode, no gradients");
		p.put("saved_network", "student");
		return p;
	}

	/** Tarvainen's warm-up: after optimiser step {@code step} (1, 2, …) the teacher keeps min(1 − 1/(step + 1), α). */
	double alpha(long step) {
		return Math.min(1 - 1.0 / (step + 1), emaDecay);
	}

	/** The consistency weight at step {@code step} (0, 1, …): weight · exp(−5(1 − t)²), t = min(step / rampUpSteps, 1). */
	double weightAt(long step, long rampUpSteps) {
		double t = rampUpSteps == 0 ? 1 : Math.min((double) step / rampUpSteps, 1);
		return weight * Math.exp(-5 * (1 - t) * (1 - t));
	}

	/** A noisy copy of slices: each value plus clamp(N(0, {@value #NOISE_STD}²), ±{@value #NOISE_CLIP}). */
	static float[] noisy(float[] x, Random r) {
		float[] out = x.clone();
		for (int i = 0; i < out.length; i++) out[i] += (float) Math.max(-NOISE_CLIP, Math.min(NOISE_CLIP, NOISE_STD * r.nextGaussian()));
		return out;
	}

	/** The teacher's softmax on {@code input}, off the graph and in eval mode: no gradient can reach the teacher. */
	static NDArray teacherSoftmax(Pix2RepNet teacher, ParameterStore ps, NDArray input) {
		try (Autograd noGraph = Autograd.pause()) {
			NDArray features = teacher.forward(ps, new NDList(input), false).singletonOrThrow();
			return teacher.classify(ps, features).softmax(1);
		}
	}

	/** Mean over every element of (softmax(studentLogits) − teacherSoftmax)², as SSL4MIS's softmax_mse_loss. */
	static NDArray consistency(NDArray studentLogits, NDArray teacherSoftmax) {
		return studentLogits.softmax(1).sub(teacherSoftmax).square().mean();
	}
}
