package org.labelfit.commands;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The brain phantom sample data as SciJava commands (scripting API; the menu items are the ImageJ 1 commands
 * "Brain Phantom (2D)" and "(3D)", see {@link LabelFitMacros}): the phantom image and its ground-truth labels.
 */
public abstract class SampleDataCommand implements Command {

	@Parameter(type = ItemIO.OUTPUT, label = "Phantom")
	private ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT, label = "Ground truth")
	private ImagePlus labels;

	abstract boolean threeD();

	@Override
	public void run() {
		SamplePhantoms.Pair pair = SamplePhantoms.open(threeD());
		image = pair.image();
		labels = pair.labels();
	}

	@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>Sample Data>Brain Phantom (2D)", headless = true, visible = false)
	public static class Phantom2D extends SampleDataCommand {

		@Override
		boolean threeD() {
			return false;
		}
	}

	@Plugin(type = Command.class, menuPath = "Plugins>LabelFit>Sample Data>Brain Phantom (3D)", headless = true, visible = false)
	public static class Phantom3D extends SampleDataCommand {

		@Override
		boolean threeD() {
			return true;
		}
	}
}
