package org.labelfit.train;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Plot;

import org.labelfit.LabelFitException;

/** Draws a {@link LossHistory} as a line plot, one series per curve; works headless. */
public final class LossCurve {

	private static final Color[] COLORS = { Color.BLUE, Color.RED, new Color(0, 140, 0), Color.MAGENTA, Color.ORANGE, Color.DARK_GRAY };

	private LossCurve() {}

	public static ImagePlus plot(LossHistory history, String title) {
		Plot plot = new Plot(title, "step", "loss");
		int drawn = 0;
		for (Map.Entry<String, List<double[]>> series : history.snapshot().entrySet()) {
			// a diverged step (NaN, ∞) would stretch or break the axes; the other points still tell the story
			List<double[]> points = series.getValue().stream().filter(p -> Double.isFinite(p[1])).toList();
			if (points.isEmpty()) continue;
			float[] x = new float[points.size()], y = new float[points.size()];
			for (int i = 0; i < x.length; i++) {
				x[i] = (float) points.get(i)[0];
				y[i] = (float) points.get(i)[1];
			}
			plot.setColor(COLORS[drawn++ % COLORS.length]);
			plot.addPoints(x, y, null, x.length == 1 ? Plot.CIRCLE : Plot.LINE, series.getKey());
		}
		if (drawn == 0) throw new LabelFitException("no loss values were recorded, so there is no curve to draw");
		plot.setLimitsToFit(false);
		plot.addLegend(null);
		return plot.getImagePlus();
	}
}
