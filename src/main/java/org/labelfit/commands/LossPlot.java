package org.labelfit.commands;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Map;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;

import org.labelfit.image.LabelImages;
import org.labelfit.train.LossHistory;

/** A live plot of the training curves; redrawn at most every {@value #REDRAW_MILLIS} ms, as redrawing costs time. */
final class LossPlot implements Runnable {

	private static final long REDRAW_MILLIS = 2000;

	private final LossHistory history;
	private final String title;
	private PlotWindow window;
	private long lastDraw;

	private LossPlot(LossHistory history, String title) {
		this.history = history;
		this.title = title;
	}

	/** The plot updater, or one that does nothing where no window can be shown (headless, batch mode). */
	static Runnable of(LossHistory history, String title) {
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) return () -> {};
		return new LossPlot(history, title);
	}

	@Override
	public void run() {
		long now = System.currentTimeMillis();
		if (now - lastDraw < REDRAW_MILLIS) return;
		lastDraw = now;
		Map<String, List<double[]>> series = history.snapshot();
		if (series.isEmpty()) return;
		Plot plot = new Plot(title, "step (epoch for the head)", "value");
		List<Color> colors = LabelImages.defaultColors(series.size() + 1);
		int k = 1;
		StringBuilder legend = new StringBuilder();
		for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
			double[] x = new double[s.getValue().size()], y = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				x[i] = s.getValue().get(i)[0];
				y[i] = s.getValue().get(i)[1];
			}
			plot.setColor(colors.get(k++));
			plot.addPoints(x, y, Plot.LINE);
			legend.append(s.getKey()).append('\n');
		}
		plot.setLimitsToFit(false);
		plot.addLegend(legend.toString());
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}
}
