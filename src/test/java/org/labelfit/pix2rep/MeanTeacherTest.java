package org.labelfit.pix2rep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;
import org.labelfit.engine.Autograd;
import org.labelfit.engine.Engines;
import org.labelfit.model.Tensor;

class MeanTeacherTest {

	static final int SIZE = Pix2RepPretrainerTest.SIZE;
	static final Pix2RepConfig TINY = new Pix2RepConfig(2, 8, 3);

	private static NDArray slices(NDManager m, List<float[]> images) {
		float[] x = new float[images.size() * SIZE * SIZE];
		for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, x, i * SIZE * SIZE, SIZE * SIZE);
		return m.create(x, new Shape(images.size(), 1, SIZE, SIZE));
	}

	private static Pix2RepNet net(NDManager m, long seed) {
		Engines.seed(seed);
		Pix2RepNet net = new Pix2RepNet(TINY);
		net.initialize(m);
		return net;
	}

	@Test
	void theEmaUpdateMatchesAHandComputationOnWeightsAndRunningStatistics() {
		try (NDManager m = Engines.newManager(Device.cpu())) {
			Pix2RepNet teacher = net(m, 1), student = net(m, 2);
			// non-trivial running statistics in the student (both start at 0 and 1)
			try (Autograd noGraph = Autograd.pause()) {
				student.forward(new ParameterStore(m, false), new NDList(slices(m, Pix2RepPretrainerTest.syntheticSlices(3, 4))), true);
			}
			Map<String, Tensor> t0 = teacher.export(false), s = student.export(false);
			teacher.blendFrom(student, 0.7);
			Map<String, Tensor> t1 = teacher.export(false);
			String stat = "up5.conv.double_conv.4.running_var";
			assertFalse(java.util.Arrays.equals(t0.get(stat).data(), s.get(stat).data()));
			for (String name : t0.keySet()) {
				if (name.endsWith("num_batches_tracked")) continue;
				float[] a = t0.get(name).data(), b = s.get(name).data(), blended = t1.get(name).data();
				for (int i = 0; i < a.length; i++) assertEquals(0.7 * a[i] + 0.3 * b[i], blended[i], 1e-6 * (1 + Math.abs(a[i]) + Math.abs(b[i])), name);
			}
			// α = 0 copies
			teacher.blendFrom(student, 0);
			Map<String, Tensor> copy = teacher.export(false);
			for (String name : s.keySet()) if (!name.endsWith("num_batches_tracked")) assertArrayEquals(s.get(name).data(), copy.get(name).data(), name);
			assertThrows(IllegalArgumentException.class, () -> teacher.blendFrom(new Pix2RepNet(TINY.withClasses(2)), 0.5));
		}
	}

	@Test
	void theWarmUpAndRampFollowTheirFormulas() {
		MeanTeacher mt = MeanTeacher.of("u");
		assertEquals(0.5, mt.alpha(1), 1e-15);
		assertEquals(0.9, mt.alpha(9), 1e-15);
		assertEquals(0.99, mt.alpha(99), 1e-15);
		assertEquals(0.99, mt.alpha(5000), 1e-15);
		assertEquals(0.1 * Math.exp(-5), mt.weightAt(0, 10), 1e-15); // 6.74e-4
		assertEquals(0.1 * Math.exp(-5 * 0.25), mt.weightAt(5, 10), 1e-15); // t = 0.5: 0.02865
		assertEquals(0.1 * Math.exp(-5 * 0.01), mt.weightAt(9, 10), 1e-15);
		assertEquals(0.1, mt.weightAt(10, 10), 1e-15);
		assertEquals(0.1, mt.weightAt(400, 10), 1e-15);
		assertEquals(0.1, mt.weightAt(0, 0), 1e-15);
		assertThrows(LabelFitException.class, () -> new MeanTeacher(" ", 0.99, 0.1, 40));
		assertThrows(LabelFitException.class, () -> new MeanTeacher("u", 1, 0.1, 40));
		assertThrows(LabelFitException.class, () -> new MeanTeacher("u", 0.99, -1, 40));
	}

	@Test
	void theConsistencyIsZeroForATeacherEqualToTheStudentAndItsGradientReachesOnlyTheStudent() {
		try (NDManager m = Engines.newManager(Device.cpu())) {
			ParameterStore ps = new ParameterStore(m, false);
			Pix2RepNet student = net(m, 3), teacher = net(m, 4);
			teacher.blendFrom(student, 0);
			List<float[]> images = Pix2RepPretrainerTest.syntheticSlices(2, 5);
			NDArray x = slices(m, images);
			java.util.Random r = new java.util.Random(6);
			List<float[]> noisy = new ArrayList<>();
			for (float[] s : images) noisy.add(MeanTeacher.noisy(s, r));
			NDArray y = slices(m, noisy);
			float same, different;
			float[] studentP, teacherP;
			try (Autograd recording = Autograd.record()) {
				// eval mode on both sides, so equal weights give equal outputs
				same = MeanTeacher.consistency(student.classify(ps, student.forward(ps, new NDList(x), false).singletonOrThrow()),
					MeanTeacher.teacherSoftmax(teacher, ps, x)).getFloat();
				NDArray logits = student.classify(ps, student.forward(ps, new NDList(x), false).singletonOrThrow());
				NDArray target = MeanTeacher.teacherSoftmax(teacher, ps, y);
				NDArray c = MeanTeacher.consistency(logits, target);
				Autograd.backward(c);
				different = c.getFloat();
				studentP = logits.softmax(1).toFloatArray();
				teacherP = target.toFloatArray();
			}
			assertEquals(0f, same, 1e-12f);
			double expected = 0;
			for (int i = 0; i < studentP.length; i++) expected += (studentP[i] - teacherP[i]) * (studentP[i] - (double) teacherP[i]);
			expected /= studentP.length;
			assertTrue(expected > 1e-8, "the noise changed nothing");
			assertEquals(expected, different, 1e-6 * expected);
			double studentGradient = 0;
			for (Parameter p : student.trainableParameters(false, true).values())
				for (float g : p.getArray().getGradient().toFloatArray()) studentGradient += Math.abs(g);
			assertTrue(studentGradient > 0);
			for (Map.Entry<String, Parameter> e : teacher.trainableParameters(false, true).entrySet()) {
				NDArray a = e.getValue().getArray();
				assertTrue(a.hasGradient(), e.getKey()); // initialised as the student's, so a recorded graph would reach it
				for (float g : a.getGradient().toFloatArray()) assertEquals(0f, g, e.getKey());
			}
		}
	}

	private static Pix2RepModel meanTeacherRun(MeanTeacher mt) {
		Pix2RepHeadTrainer.Request r = new Pix2RepHeadTrainer.Request("pretrained", "synthetic", "synthetic", null, null,
			Pix2RepHeadTrainer.Mode.FINETUNE, false, 2, 8, SIZE, 3, 4, 0, null, null, 0.05, 0, null, 3, "cpu", "test", mt);
		return Pix2RepHeadTrainerTest.train(r, Pix2RepHeadTrainerTest.randomModel(2, 8, 1), Pix2RepHeadTrainerTest.labelled(6, 2),
			Pix2RepPretrainerTest.syntheticSlices(5, 7), 3);
	}

	@Test
	void aMeanTeacherRunIsFiniteRepeatableAndRecorded() {
		MeanTeacher mt = new MeanTeacher("unlabelled/*.tif", 0.99, 0.1, 1);
		Pix2RepModel first = meanTeacherRun(mt);
		for (int repeat = 0; repeat < 2; repeat++) {
			Pix2RepModel again = meanTeacherRun(mt);
			for (Map.Entry<String, Tensor> e : first.weights().entrySet())
				assertArrayEquals(e.getValue().data(), again.weights().get(e.getKey()).data(), 0f, e.getKey());
		}
		for (Map.Entry<String, Tensor> e : first.weights().entrySet())
			for (float v : e.getValue().data()) assertTrue(Float.isFinite(v), e.getKey());
		@SuppressWarnings("unchecked")
		Map<String, Object> p = (Map<String, Object>) first.provenance().get("mean_teacher");
		assertEquals("unlabelled/*.tif", p.get("unlabelled"));
		assertEquals(5, p.get("unlabelled_slices"));
		assertEquals(0.99, p.get("ema_decay"));
		assertEquals(1L, p.get("ramp_up_steps")); // 5 training slices in one batch of 4 + 1 joined: one step per epoch
		@SuppressWarnings("unchecked")
		List<Double> consistency = (List<Double>) p.get("consistency_losses");
		assertEquals(3, consistency.size());
		for (double c : consistency) assertTrue(c > 0 && c < 1, "consistency " + consistency);
		assertTrue(((String) first.provenance().get("source")).endsWith("fine-tune + Mean Teacher"));
		// the consistency term changes the training
		Pix2RepModel unweighted = meanTeacherRun(new MeanTeacher("u", 0.99, 0, 1)), weighted = meanTeacherRun(new MeanTeacher("u", 0.99, 50, 1));
		String conv = "inc.double_conv.0.weight";
		assertFalse(java.util.Arrays.equals(unweighted.weights().get(conv).data(), weighted.weights().get(conv).data()));
	}

	@Test
	void theProbeRefusesMeanTeacherAndNoUnlabelledSlicesIsAnError() {
		assertThrows(LabelFitException.class, () -> new Pix2RepHeadTrainer.Request("pretrained", "s", "s", null, null,
			Pix2RepHeadTrainer.Mode.PROBE, false, 2, 8, SIZE, 3, 4, 0, null, null, 0, 0, null, 3, "cpu", "test", MeanTeacher.of("u")));
		// from scratch with Mean Teacher is the paper's semi-supervised baseline
		assertTrue(new Pix2RepHeadTrainer.Request(null, "s", "s", null, null, Pix2RepHeadTrainer.Mode.PROBE, true, 2, 8, SIZE, 3, 4, 0, null,
			null, 0, 0, null, 3, "cpu", "test", MeanTeacher.of("u")).recipe().endsWith("+ Mean Teacher"));
		Pix2RepHeadTrainer.Request r = new Pix2RepHeadTrainer.Request("pretrained", "s", "s", null, null, Pix2RepHeadTrainer.Mode.FINETUNE,
			false, 2, 8, SIZE, 3, 4, 0, null, null, 0, 0, null, 3, "cpu", "test", MeanTeacher.of("u"));
		LabelFitException e = assertThrows(LabelFitException.class, () -> Pix2RepHeadTrainerTest.train(r,
			Pix2RepHeadTrainerTest.randomModel(2, 8, 1), Pix2RepHeadTrainerTest.labelled(6, 2), List.of(), 3));
		assertTrue(e.getMessage().contains("no unlabelled slices"), e.getMessage());
	}
}
