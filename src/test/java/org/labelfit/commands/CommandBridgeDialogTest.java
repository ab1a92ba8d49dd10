package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.GraphicsEnvironment;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import org.junit.jupiter.api.Test;

/**
 * The bridge's dialog with a display, as the macro recorder sees it. Runs only with one: {@code xvfb-run -a mvn test
 * -Dtest=CommandBridgeDialogTest -Dscijava.surefire.args=-Djava.awt.headless=false}; skipped in the headless suite.
 */
class CommandBridgeDialogTest {

	@Test
	void dialogRunIsRecordedAsAMacroLine() throws Exception {
		assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display (xvfb-run and -Djava.awt.headless=false)");
		ImagePlus probe = IJ.createImage("probe", "8-bit black", 8, 8, 1);
		probe.show();
		new Recorder(false);
		Recorder.setCommand(BridgeTestCommand.NAME);
		Thread run = new Thread(() -> new CommandBridge().run(BridgeTestCommand.class.getName()), "bridge dialog");
		run.start();
		GenericDialog gd = dialog();
		((TextField) gd.getStringFields().get(0)).setText("two words");
		gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK"));
		run.join(30_000);
		assertFalse(run.isAlive(), "the command finished");
		assertEquals("text=[two words] file=[] count=3 big=5 ratio=0.0001 choice=a image=probe", Recorder.getCommandOptions());
		assertEquals("two words", BridgeTestCommand.received.get("text"));
		assertEquals("bridge_result", IJ.getImage().getTitle(), "the output is the active image");
		probe.changes = false;
		probe.close();
	}

	/** The bridge's dialog once it is showing. */
	private static GenericDialog dialog() throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog gd && gd.isShowing() && BridgeTestCommand.NAME.equals(gd.getTitle())) return gd;
			Thread.sleep(100);
		}
		assertNotNull(null, "no dialog appeared");
		return null;
	}
}
