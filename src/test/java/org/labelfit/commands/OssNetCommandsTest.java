package org.labelfit.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfit.commands.CommandTests.macroError;
import static org.labelfit.commands.CommandTests.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import org.labelfit.commands.ossnet.OssNetImportCommand;
import org.labelfit.model.NpzFiles;
import org.labelfit.model.Tensor;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetModel;
import org.labelfit.ossnet.OssNetModelFile;
import org.labelfit.ossnet.OssNetVariant;
import org.labelfit.ossnet.OssNetwork;

/** The OSS-Net commands headless, through CommandService and real macros; the method itself is tested in org.labelfit.ossnet. */
class OssNetCommandsTest {

	private static final OssNetConfig.Grid SMALL = new OssNetConfig.Grid(64, 64, 32);

	@TempDir
	static Path data;

	static Context context;
	static CommandService commands;

	@BeforeAll
	static void startContext() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		LabelFitMacros.register();
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	private static Path stateDict(OssNetConfig config, String name) throws IOException {
		Map<String, Tensor> weights = OssNetwork.initialWeights(config, 5);
		Path file = data.resolve(name);
		NpzFiles.write(file, weights);
		return file;
	}

	@Test
	void importWeightsOnAGivenGridFromTheMenuAndFromMacros() throws Exception {
		OssNetConfig c = new OssNetConfig(OssNetVariant.C, 1, 4, SMALL);
		Path weights = stateDict(c, "own c.npz"), out = data.resolve("imported c.labelfit");
		CommandModule m = CommandTests.run(commands, OssNetImportCommand.class, "weights", weights.toFile(), "model", out.toFile(), "grid",
			"64,64,32", "channels", 1);
		assertEquals(out.toFile(), m.getOutput("model_file"));
		OssNetModel imported = OssNetModelFile.load(out);
		assertEquals(c, imported.config());
		assertEquals("run(\"OSS-Net Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(out) + "] grid=64,64,32 channels=1\");",
			imported.provenance().get("command"));

		long size = Files.size(out);
		String call = "run(\"OSS-Net Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(out) + "] grid=64,64,32";
		String error = macroError(call + "\");");
		assertTrue(error.startsWith("test.ijm line 1: OSS-Net Import Weights: ") && error.contains("already exists"), error);
		assertEquals(size, Files.size(out));
		// the network takes one channel, not four: named, and nothing written
		Path other = data.resolve("four channels.labelfit");
		error = macroError("run(\"OSS-Net Import Weights\", \"weights=[" + path(weights) + "] model=[" + path(other) + "] grid=64,64,32 channels=4\");");
		assertEquals("test.ijm line 1: OSS-Net Import Weights: own c.npz: the network takes 1 image channel, not 4", error);
		assertFalse(Files.exists(other));
		MacroRunner.run(call + " overwrite\");", "", "ow.ijm");
		assertEquals(c, OssNetModelFile.load(out).config());
	}

	@Test
	void aGridTheWeightsDoNotFitIsNamed() throws Exception {
		Path weights = stateDict(new OssNetConfig(OssNetVariant.A, 1, 4, SMALL), "a.npz"), out = data.resolve("a.labelfit");
		String error = CommandTests.commandError(commands, OssNetImportCommand.class, "weights", weights.toFile(), "model", out.toFile(), "grid",
			"128,128,64");
		assertEquals("a.npz: OSS-Net weights have a latent of 4 features, but grid 128×128×64 gives 4×4×2 = 32 (grid / 32); " +
			"is this an official OSS-Net state dict?", error);
		assertFalse(Files.exists(out));
	}

	@Test
	void sciJavaCommandsStayOutOfTheMenus() {
		CommandInfo info = commands.getCommand(OssNetImportCommand.class);
		assertFalse(info.isVisible());
		assertEquals("Plugins > LabelFit > OSS-Net > Import Weights...", info.getMenuPath().getMenuString());
	}
}
