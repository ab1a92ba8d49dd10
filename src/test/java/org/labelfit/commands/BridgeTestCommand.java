package org.labelfit.commands;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** A command with one input of every type the bridge converts; it keeps what it was given for the test to read. */
@Plugin(type = Command.class, label = BridgeTestCommand.NAME, headless = true, visible = false)
public class BridgeTestCommand extends ContextCommand {

	static final String NAME = "LabelFit Bridge Test";
	static final String ENTRY = CommandBridge.class.getName() + "(\"" + BridgeTestCommand.class.getName() + "\")";

	/** The inputs of the last run by name. */
	static final Map<String, Object> received = new LinkedHashMap<>();

	@Parameter(label = "Some text", description = "a word or two", persist = false)
	private String text;

	@Parameter(label = "A file", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File file;

	@Parameter(label = "A flag", persist = false)
	private boolean flag;

	@Parameter(label = "Count", persist = false)
	private int count = 3;

	@Parameter(label = "Big", persist = false)
	private long big = 5;

	@Parameter(label = "Ratio", persist = false)
	private double ratio = 1e-4;

	@Parameter(label = "Choice", choices = { "a", "b c" }, persist = false)
	private String choice = "a";

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Cancel instead", persist = false)
	private boolean cancel_me;

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	private ImagePlus result;

	@Override
	public void run() {
		received.clear();
		received.put("text", text);
		received.put("file", file);
		received.put("flag", flag);
		received.put("count", count);
		received.put("big", big);
		received.put("ratio", ratio);
		received.put("choice", choice);
		received.put("image", image);
		if (cancel_me) cancel("stopped on request");
		else result = IJ.createImage("bridge_result", "8-bit black", 4, 4, 1);
	}
}
