package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.macroError;

import java.io.File;

import ij.ImagePlus;
import ij.Menus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;

/** The ImageJ 1 bridge headless: macro options to typed inputs, errors in one line, image outputs shown. */
class CommandBridgeTest {

	@BeforeAll
	static void register() {
		LabelFitMacros.register();
		Menus.getCommands().put(BridgeTestCommand.NAME, BridgeTestCommand.ENTRY);
	}

	@AfterEach
	void closeImages() {
		CommandTests.closeImages();
	}

	private static void run(String options) {
		MacroRunner.run("newImage(\"probe\", \"8-bit black\", 8, 8, 1);\nnewImage(\"other\", \"8-bit black\", 8, 8, 1);\nrun(\"" +
			BridgeTestCommand.NAME + "\", \"" + options + "\");\ncall(\"" + ActiveImage.class.getName() + ".capture\");", "", "bridge.ijm");
	}

	@Test
	void everyParameterTypeIsConverted() {
		run("text=[two words] file=[/tmp/a b.txt] flag count=7 big=12345678901 ratio=0.5 choice=[b c] image=probe");
		assertEquals("two words", BridgeTestCommand.received.get("text"));
		assertEquals(new File("/tmp/a b.txt"), BridgeTestCommand.received.get("file"));
		assertEquals(true, BridgeTestCommand.received.get("flag"));
		assertEquals(7, BridgeTestCommand.received.get("count"));
		assertEquals(12345678901L, BridgeTestCommand.received.get("big"));
		assertEquals(0.5, BridgeTestCommand.received.get("ratio"));
		assertEquals("b c", BridgeTestCommand.received.get("choice"));
		assertEquals("probe", ((ImagePlus) BridgeTestCommand.received.get("image")).getTitle());
	}

	@Test
	void missingKeysTakeTheDefaultsAndTheCurrentImage() {
		run("text=x");
		assertNull(BridgeTestCommand.received.get("file"));
		assertEquals(false, BridgeTestCommand.received.get("flag"), "a checkbox missing from macro options is off, as in ImageJ");
		assertEquals(3, BridgeTestCommand.received.get("count"));
		assertEquals(5L, BridgeTestCommand.received.get("big"));
		assertEquals(1e-4, BridgeTestCommand.received.get("ratio"));
		assertEquals("a", BridgeTestCommand.received.get("choice"));
		assertEquals("other", ((ImagePlus) BridgeTestCommand.received.get("image")).getTitle());
	}

	@Test
	void imageOutputBecomesTheActiveBatchModeImage() {
		run("text=x image=probe");
		assertEquals("bridge_result", ActiveImage.image.getTitle());
		assertEquals(3, ActiveImage.batchModeImages, "probe, other and the result are batch-mode images");
		assertEquals("other", ActiveImage.previous.getTitle());
	}

	@Test
	void missingRequiredKey() {
		String error = macroError("run(\"" + BridgeTestCommand.NAME + "\", \"count=2\");");
		assertEquals("test.ijm line 1: " + BridgeTestCommand.NAME + ": text= is required: a word or two", error);
	}

	@Test
	void unknownChoice() {
		String error = macroError("run(\"" + BridgeTestCommand.NAME + "\", \"text=x choice=z\");");
		assertTrue(error.endsWith("\"z\" is not a valid choice for choice (a, b c)"), error);
	}

	@Test
	void badNumbersAndImages() {
		assertTrue(macroError("run(\"" + BridgeTestCommand.NAME + "\", \"text=x count=2.5\");").endsWith("count must be a whole number, got 2.5"));
		assertTrue(macroError("run(\"" + BridgeTestCommand.NAME + "\", \"text=x big=many\");").endsWith("big=many is not a number"));
		String error = macroError("run(\"" + BridgeTestCommand.NAME + "\", \"text=x image=[not open]\");");
		assertTrue(error.endsWith("image: no open image is titled 'not open'"), error);
	}

	@Test
	void cancelledCommandStopsTheMacro() {
		String error = macroError("run(\"" + BridgeTestCommand.NAME + "\", \"text=x cancel_me\");\nprint(\"not reached\");");
		assertEquals("test.ijm line 1: " + BridgeTestCommand.NAME + ": stopped on request", error);
	}

	@Test
	void everyMenuEntryIsABridgedCommandUnderItsOwnName() {
		LabelFitMacros.commands().forEach((name, entry) -> {
			assertTrue(entry.startsWith(CommandBridge.class.getName() + "(\""), entry);
			CommandInfo info = CommandBridge.commands().getCommand(entry.substring(entry.indexOf('"') + 1, entry.lastIndexOf('"')));
			assertEquals(name, info.getLabel(), "plugins.config label and @Plugin label");
			assertDoesNotThrow(() -> new CommandOptions(info), name + ": macro keys ImageJ would confuse");
		});
	}
}
