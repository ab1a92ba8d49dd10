package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.pix2rep.Pix2RepConfig;
import org.labelfit.unet.UNetConfig;
import org.labelfit.unet.UNetModel;
import org.labelfit.unet.UNetModelFile;

class Pix2RepCliTest {

	@TempDir
	Path dir;

	private Path stateDict(Pix2RepConfig c) throws IOException {
		Map<String, Tensor> w = new LinkedHashMap<>();
		Map<String, long[]> shapes = new LinkedHashMap<>(c.backboneShapes());
		shapes.putAll(c.headShapes());
		shapes.forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		Path file = dir.resolve("unet_cl.safetensors");
		Files.write(file, Safetensors.write(w, Map.of()));
		return file;
	}

	@Test
	void importThenInfoPrintsTheModelAsJson() throws IOException {
		Path out = dir.resolve("p.labelfit");
		Cli.run("pix2rep", "import-weights", stateDict(new Pix2RepConfig(2, 5, 4)).toString(), "--out", out.toString()).succeeds();
		Cli.Result info = Cli.run("info", out.toString()).succeeds();
		JsonObject o = JsonParser.parseString(info.out()).getAsJsonObject();
		assertEquals("pix2rep", o.get("method").getAsString());
		assertEquals(new Pix2RepConfig(2, 5, 4).parameterCount(), o.get("parameters").getAsLong());
		assertEquals(2, o.getAsJsonObject("architecture").get("width").getAsInt());
		assertEquals(4, o.getAsJsonArray("classes").size());
		assertEquals(64, o.getAsJsonObject("provenance").get("weights_sha256").getAsString().length());
	}

	@Test
	void infoWorksForAModelOfAnotherMethod() {
		Path unet = dir.resolve("unet.labelfit");
		UNetConfig c = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);
		Map<String, Tensor> w = new LinkedHashMap<>();
		c.tensorShapes().forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		UNetModelFile.save(unet, new UNetModel(c, 8, List.of("background", "fg"), w, Map.of("source", "test")), () -> false);
		JsonObject o = JsonParser.parseString(Cli.run("info", unet.toString()).succeeds().out()).getAsJsonObject();
		assertEquals("unet", o.get("method").getAsString());
		assertEquals(c.parameterCount(), o.get("parameters").getAsLong());
		assertEquals("test", o.getAsJsonObject("provenance").get("source").getAsString());
	}

	@Test
	void badInputFailsInOneLineAndWritesNothing() throws IOException {
		Path out = dir.resolve("never.labelfit");
		Path empty = Files.createDirectory(dir.resolve("empty"));
		Cli.run("pix2rep", "pretrain", "--images", empty.toString(), "--out", out.toString()).fails(Main.USAGE, "no images found");
		Cli.run("pix2rep", "pretrain", "--out", out.toString()).fails(Main.USAGE, "no images given");
		Cli.run("pix2rep", "pretrain", "--images", empty.toString(), "--loss", "simclr", "--out", out.toString())
			.fails(Main.USAGE, "loss must be infonce or barlow, not 'simclr'");
		Path corrupt = dir.resolve("corrupt.npz");
		Files.write(corrupt, new byte[] { 'P', 'K', 3, 4, 0, 0 });
		Cli.run("pix2rep", "import-weights", corrupt.toString(), "--out", out.toString()).fails(Main.USAGE, "corrupt.npz");
		Cli.run("info", corrupt.toString()).fails(Main.USAGE, "corrupt.npz");
		assertFalse(Files.exists(out));
	}

	@Test
	void anExistingOutputIsKeptWithoutOverwrite() throws IOException {
		Path out = dir.resolve("kept.labelfit");
		Files.writeString(out, "precious");
		Cli.run("pix2rep", "import-weights", stateDict(new Pix2RepConfig(2, 3, 0)).toString(), "--out", out.toString())
			.fails(Main.USAGE, "already exists");
		Path images = Files.createDirectory(dir.resolve("images"));
		Cli.run("pix2rep", "pretrain", "--images", images.toString(), "--out", out.toString()).fails(Main.USAGE, "already exists");
		assertEquals("precious", Files.readString(out));
		assertTrue(Cli.run("pix2rep", "import-weights", stateDict(new Pix2RepConfig(2, 3, 0)).toString(), "--out", out.toString(),
			"--overwrite").succeeds().out().contains("wrote"));
	}
}
