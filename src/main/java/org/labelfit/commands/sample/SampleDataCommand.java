package org.labelfit.commands.sample;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.labelfit.commands.LabelFitMacros;

/** "Brain Phantom (2D)" and "(3D)": the phantom image and its ground-truth labels. */
public abstract class SampleDataCommand implements Command {

	// declared first: the ImageJ 1 bridge shows outputs in order, so the phantom ends up the active image
	@Parameter(type = ItemIO.OUTPUT, label = "Ground truth")
	private ImagePlus labels;

	@Parameter(type = ItemIO.OUTPUT, label = "Phantom")
	private ImagePlus image;

	abstract boolean threeD();

	@Override
	public void run() {
		SamplePhantoms.Pair pair = SamplePhantoms.open(threeD());
		image = pair.image();
		labels = pair.labels();
	}

	@Plugin(type = Command.class, label = LabelFitMacros.PHANTOM_2D, menuPath = "Plugins>LabelFit>Sample Data>Brain Phantom (2D)",
		headless = true, visible = false)
	public static class Phantom2D extends SampleDataCommand {

		@Override
		boolean threeD() {
			return false;
		}
	}

	@Plugin(type = Command.class, label = LabelFitMacros.PHANTOM_3D, menuPath = "Plugins>LabelFit>Sample Data>Brain Phantom (3D)",
		headless = true, visible = false)
	public static class Phantom3D extends SampleDataCommand {

		@Override
		boolean threeD() {
			return true;
		}
	}
}
