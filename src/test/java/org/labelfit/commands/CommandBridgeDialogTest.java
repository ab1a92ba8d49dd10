package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import org.junit.jupiter.api.Test;

/**
 * The bridge's dialog with a display, as the macro recorder sees it. The suite runs headless, so the dialog runs
 * in a child JVM under {@code xvfb-run} (installed by {@code .ci/run}); skipped where xvfb-run is absent.
 */
class CommandBridgeDialogTest {

	static final String RESULT = "RECORDED ";

	@Test
	void dialogRunIsRecordedAsAMacroLine() throws Exception {
		assumeTrue(new File("/usr/bin/xvfb-run").canExecute(), "needs xvfb-run (apt-get install xvfb xauth)");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process p = new ProcessBuilder("/usr/bin/xvfb-run", "-a", java.toString(), "-Djava.awt.headless=false",
			"-Djava.util.prefs.userRoot=" + Files.createTempDirectory("prefs"), "-cp", System.getProperty("java.class.path"),
			CommandBridgeDialogTest.class.getName()).redirectErrorStream(true).start();
		boolean finished = p.waitFor(120, TimeUnit.SECONDS);
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!finished) p.destroyForcibly();
		assertTrue(finished, "the dialog run finished: " + out);
		List<String> lines = out.lines().filter(l -> l.startsWith(RESULT)).toList();
		assertEquals(List.of(RESULT + "text=[two words] file=[] count=3 big=5 ratio=0.0001 choice=a image=probe",
			RESULT + "received two words", RESULT + "active bridge_result"), lines, out);
	}

	/** In the child JVM: show the dialog, type into it, press OK, print what the recorder and the command saw. */
	public static void main(String[] args) throws Exception {
		ImagePlus probe = IJ.createImage("probe", "8-bit black", 8, 8, 1);
		probe.show();
		new Recorder(false);
		Recorder.setCommand(BridgeTestCommand.NAME);
		Thread run = new Thread(() -> new CommandBridge().run(BridgeTestCommand.class.getName()), "bridge dialog");
		run.start();
		GenericDialog gd = dialog();
		((TextField) gd.getStringFields().get(0)).setText("two words");
		gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK"));
		run.join(60_000);
		System.out.println(RESULT + Recorder.getCommandOptions());
		System.out.println(RESULT + "received " + BridgeTestCommand.received.get("text"));
		System.out.println(RESULT + "active " + IJ.getImage().getTitle());
		System.exit(0);
	}

	/** The bridge's dialog once it is showing. */
	private static GenericDialog dialog() throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog gd && gd.isShowing() && BridgeTestCommand.NAME.equals(gd.getTitle())) return gd;
			Thread.sleep(100);
		}
		System.out.println(RESULT + "no dialog appeared");
		System.exit(1);
		return null;
	}
}
