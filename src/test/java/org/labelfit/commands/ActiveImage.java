package org.labelfit.commands;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/** Lets a test macro hand over its images: {@code call("org.labelfit.commands.ActiveImage.capture")}. */
public final class ActiveImage {

	static ImagePlus image, previous;
	static int batchModeImages;

	private ActiveImage() {}

	public static String capture() {
		image = WindowManager.getCurrentImage();
		int[] ids = Interpreter.getBatchModeImageIDs();
		batchModeImages = ids.length;
		previous = ids.length > 1 ? WindowManager.getImage(ids[ids.length - 2]) : null;
		return "";
	}
}
