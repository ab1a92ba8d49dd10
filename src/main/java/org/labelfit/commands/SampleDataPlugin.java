package org.labelfit.commands;

/** "Brain Phantom (2D)" / "(3D)" (argument "2d" or "3d"): opens the phantom and its ground-truth labels. */
public class SampleDataPlugin extends LabelFitPlugin {

	@Override
	void execute(String arg) {
		SamplePhantoms.Pair pair = SamplePhantoms.open("3d".equals(arg));
		pair.labels().show();
		// the image shown last is the active one
		pair.image().show();
	}

	@Override
	String title() {
		return "LabelFit sample data";
	}
}
