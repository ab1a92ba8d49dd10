package org.labelfit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.labelfit.LabelFitException;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

class NormalizationTest {

	@Test
	void minMaxRescalesWithoutMutating() {
		float[] in = { 2, 4, 6, 3 };
		assertArrayEquals(new float[] { 0, 0.5f, 1, 0.25f }, Normalization.minMax(in), 1e-6f);
		assertArrayEquals(new float[] { 2, 4, 6, 3 }, in);
	}

	@Test
	void refusesConstantAndNonFinite() {
		assertThrows(LabelFitException.class, () -> Normalization.minMax(new float[] { 3, 3, 3 }));
		var e = assertThrows(LabelFitException.class, () -> Normalization.minMax(new float[] { 0, Float.NaN }));
		assertEquals("image contains NaN or infinite values", e.getMessage());
		assertThrows(LabelFitException.class, () -> Normalization.percentileClip(new float[] { 0, 1 }, 99, 1));
	}

	@Test
	void percentilesInterpolateLikeNumpy() {
		float[] v = new float[100];
		for (int i = 0; i < 100; i++)
			v[99 - i] = i + 1;
		assertEquals(1.99, Normalization.percentile(v, 1), 1e-9);
		assertEquals(99.01, Normalization.percentile(v, 99), 1e-9);
		assertEquals(50.5, Normalization.percentile(v, 50), 1e-9);
		float[] out = Normalization.percentileClip(v, 1, 99);
		assertEquals(1f, out[0], 0);
		assertEquals(0f, out[99], 0);
		assertEquals((50 - 1.99) / (99.01 - 1.99), out[50], 1e-6);
	}

	@Test
	void percentileFallsBackToMinMaxForSparseImages() {
		float[] v = new float[200];
		v[7] = 4;
		float[] out = Normalization.percentileClip(v, 1, 99);
		assertEquals(1f, out[7]);
		assertEquals(0f, out[0]);
	}

	@Test
	void clipsNegatives() {
		assertArrayEquals(new float[] { 0, 0, 2.5f }, Normalization.clipNegative(new float[] { -1, 0, 2.5f }));
	}

	@Test
	void imgVariantsUseGlobalStatistics() {
		float[] a = { 0, 0, 0, 0 }, b = { 10, 10, 5, 5 };
		Img<FloatType> img = Images.floatImg(List.of(a, b), 2, 2);
		float[][] out = Images.floatPlanes(Normalization.minMax(img));
		assertArrayEquals(new float[] { 0, 0, 0, 0 }, out[0]);
		assertArrayEquals(new float[] { 1, 1, 0.5f, 0.5f }, out[1]);
		assertEquals(3, Normalization.percentileClip(img, 1, 99).numDimensions());
		assertArrayEquals(new float[] { 10, 10, 5, 5 }, b);
	}
}
