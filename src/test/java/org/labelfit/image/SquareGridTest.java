package org.labelfit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class SquareGridTest {

	@Test
	void bilinearMatchesPytorchAlignCornersFalse() {
		// torch.nn.functional.interpolate(tensor([[[[1., 2.], [3., 4.]]]]), size=4, mode='bilinear', align_corners=False)
		float[] expected = {
			1.00f, 1.25f, 1.75f, 2.00f,
			1.50f, 1.75f, 2.25f, 2.50f,
			2.50f, 2.75f, 3.25f, 3.50f,
			3.00f, 3.25f, 3.75f, 4.00f };
		assertArrayEquals(expected, SquareGrid.resize(new float[] { 1, 2, 3, 4 }, 2, 2, 4, 4), 1e-6f);
		// Downsampling by 2 averages pixel pairs (sample points fall between them).
		assertArrayEquals(new float[] { 1.5f, 3.5f }, SquareGrid.resize(new float[] { 1, 2, 3, 4 }, 4, 1, 2, 1), 1e-6f);
		// Same size is the identity.
		float[] x = { 1, 5, 2, 8, 3, 9 };
		assertArrayEquals(x, SquareGrid.resize(x, 3, 2, 3, 2));
	}

	@Test
	void nearestUsesFloorOfScaledIndex() {
		assertArrayEquals(new short[] { 10, 10, 11, 11, 12 }, SquareGrid.resizeNearest(new short[] { 10, 11, 12 }, 3, 1, 5, 1));
		assertArrayEquals(new short[] { 0, 1, 3 }, SquareGrid.resizeNearest(new short[] { 0, 1, 2, 3, 4 }, 5, 1, 3, 1));
		assertArrayEquals(new short[] { 7, 7, 8, 8 }, SquareGrid.resizeNearest(new short[] { 7, 8 }, 1, 2, 1, 4));
	}

	@Test
	void padsSymmetricallyWithExtraOnTheRightAndBottom() {
		SquareGrid wide = new SquareGrid(2, 5, 5);
		assertEquals(5, wide.paddedSize());
		assertEquals(1, wide.offsetX());
		assertEquals(0, wide.offsetY());
		short[] labels = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		short[] sq = wide.toSquareLabels(labels);
		assertArrayEquals(new short[] { 0, 1, 2, 0, 0 }, Arrays.copyOfRange(sq, 0, 5));
		assertArrayEquals(new short[] { 0, 9, 10, 0, 0 }, Arrays.copyOfRange(sq, 20, 25));

		SquareGrid tall = new SquareGrid(3, 2, 3);
		assertEquals(0, tall.offsetY());
		float[] img = tall.toSquare(new float[] { 1, 2, 3, 4, 5, 6 });
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 0, 0, 0 }, img);
	}

	@Test
	void labelRoundTripIsExactWhenSizeIsAMultiple() {
		SplittableRandom rng = new SplittableRandom(1);
		int[][] shapes = { { 5, 3 }, { 7, 4 }, { 4, 7 }, { 6, 6 }, { 9, 2 } };
		for (int[] s : shapes) {
			short[] labels = new short[s[0] * s[1]];
			for (int i = 0; i < labels.length; i++)
				labels[i] = (short) rng.nextInt(5);
			int p = Math.max(s[0], s[1]);
			for (int k = 1; k <= 3; k++) {
				SquareGrid grid = new SquareGrid(s[0], s[1], k * p);
				assertArrayEquals(labels, grid.fromSquareLabels(grid.toSquareLabels(labels)), s[0] + "x" + s[1] + " S=" + k * p);
			}
		}
	}

	@Test
	void floatInverseUndoesPaddingAndResize() {
		float[] img = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
		SquareGrid same = new SquareGrid(5, 3, 5);
		assertArrayEquals(img, same.fromSquare(same.toSquare(img)), 1e-6f);
		// A constant map stays constant through any resize.
		SquareGrid odd = new SquareGrid(5, 3, 16);
		float[] ones = new float[16 * 16];
		Arrays.fill(ones, 0.25f);
		for (float v : odd.fromSquare(ones))
			assertEquals(0.25f, v, 1e-6f);
		assertEquals(15, odd.fromSquare(ones).length);
	}

	@Test
	void imgWrappersWorkPerSlice() {
		SquareGrid grid = new SquareGrid(3, 2, 6);
		Img<UnsignedShortType> labels = Images.labelImg(List.of(new short[] { 1, 2, 3, 4, 5, 6 }, new short[] { 6, 5, 4, 3, 2, 1 }), 3, 2);
		Img<UnsignedShortType> sq = grid.toSquareLabels(labels);
		assertArrayEquals(new long[] { 6, 6, 2 }, sq.dimensionsAsLongArray());
		short[][] back = Images.shortPlanes(grid.fromSquareLabels(sq));
		assertArrayEquals(new short[] { 6, 5, 4, 3, 2, 1 }, back[1]);

		Img<FloatType> up = grid.toSquare(Images.floatImg(List.of(new float[] { 1, 1, 1, 1, 1, 1 }), 3, 2));
		assertArrayEquals(new long[] { 6, 6 }, up.dimensionsAsLongArray());
		// The zero row padded below the image blurs into the last rows on the way up.
		float[] square = Images.floatPlanes(up)[0];
		assertEquals(1f, square[0], 0);
		assertEquals(0.75f, square[3 * 6], 1e-6f);
		assertEquals(0f, square[5 * 6], 0);
		assertArrayEquals(new long[] { 3, 2 }, grid.fromSquare(up).dimensionsAsLongArray());
	}
}
