package org.labelfit.image;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Categorical colour palettes in the spirit of Glasbey et al. (2007): each new colour is the candidate
 * farthest, in CIELAB, from every colour already chosen. Deterministic, computed in code.
 */
final class Palette {

	/** Hand-picked, well-separated first colours (after black) so small class counts look familiar. */
	private static final int[] FIRST = { 0xe6194b, 0x3cb44b, 0x4363d8, 0xffe119, 0xf58231, 0x911eb4, 0x46f0f0, 0xf032e6 };

	/** Levels per channel of the RGB grid the colours are picked from. */
	private static final int LEVELS = 16;

	private Palette() {
	}

	/** Black, the hand-picked colours, then greedy farthest colours, n in all. */
	static List<Color> defaults(int n) {
		List<Color> start = new ArrayList<>();
		start.add(Color.BLACK);
		for (int rgb : FIRST)
			start.add(new Color(rgb));
		return extend(start, n);
	}

	/** The first n of {@code fixed}, completed with greedy farthest colours when it has fewer than n. */
	static List<Color> extend(List<Color> fixed, int n) {
		List<Color> out = new ArrayList<>(fixed.subList(0, Math.min(n, fixed.size())));
		if (out.size() >= n)
			return out;
		int count = LEVELS * LEVELS * LEVELS;
		double[][] lab = new double[count][];
		double[] nearest = new double[count];
		for (int i = 0; i < count; i++) {
			lab[i] = lab(gridColor(i));
			nearest[i] = Double.POSITIVE_INFINITY;
		}
		for (Color c : out)
			updateNearest(lab, nearest, lab(c.getRGB()));
		while (out.size() < n) {
			int best = 0;
			for (int i = 1; i < count; i++)
				if (nearest[i] > nearest[best])
					best = i;
			out.add(new Color(gridColor(best)));
			updateNearest(lab, nearest, lab[best]);
		}
		return out;
	}

	private static void updateNearest(double[][] lab, double[] nearest, double[] c) {
		for (int i = 0; i < lab.length; i++) {
			double dl = lab[i][0] - c[0], da = lab[i][1] - c[1], db = lab[i][2] - c[2];
			nearest[i] = Math.min(nearest[i], dl * dl + da * da + db * db);
		}
	}

	private static int gridColor(int i) {
		int step = 255 / (LEVELS - 1);
		int r = i / (LEVELS * LEVELS) * step, g = i / LEVELS % LEVELS * step, b = i % LEVELS * step;
		return r << 16 | g << 8 | b;
	}

	/** sRGB (D65) to CIELAB. */
	private static double[] lab(int rgb) {
		double r = linear(rgb >> 16 & 0xff), g = linear(rgb >> 8 & 0xff), b = linear(rgb & 0xff);
		double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
		double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
		double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
		double fx = f(x), fy = f(y), fz = f(z);
		return new double[] { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
	}

	private static double linear(int c) {
		double v = c / 255.0;
		return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static double f(double t) {
		return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
	}
}
