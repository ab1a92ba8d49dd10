package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;
import org.labelfit.ossnet.OssNetConfig;
import org.labelfit.ossnet.OssNetTensors;
import org.labelfit.ossnet.OssNetVariant;

class OssNetCliTest {

	private static final OssNetConfig CONFIG = new OssNetConfig(OssNetVariant.C, 1, 4, new OssNetConfig.Grid(64, 64, 32));

	@TempDir
	Path dir;

	private Path stateDict() throws IOException {
		Map<String, Tensor> w = new LinkedHashMap<>();
		OssNetTensors.shapes(CONFIG).forEach((k, s) -> w.put(k, new Tensor(s, new float[(int) Tensor.elementCount(s)])));
		Path file = dir.resolve("oss_net_c.safetensors");
		Files.write(file, Safetensors.write(w, Map.of()));
		return file;
	}

	@Test
	void importThenInfoShowsTheParameterCount() throws IOException {
		Path out = dir.resolve("c.labelfit");
		String wrote = Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64,32", "--channels", "1", "--out",
			out.toString()).succeeds().out();
		long parameters = OssNetTensors.parameterCount(CONFIG);
		assertTrue(wrote.contains("OSS-Net C, 1 channel, 4 encoder blocks, grid 64×64×32, " + String.format("%,d", parameters) + " parameters"), wrote);
		JsonObject o = JsonParser.parseString(Cli.run("info", out.toString()).succeeds().out()).getAsJsonObject();
		assertEquals("ossnet", o.get("method").getAsString());
		assertEquals(parameters, o.get("parameters").getAsLong());
		assertEquals(parameters, o.getAsJsonObject("architecture").get("parameters").getAsLong());
		assertEquals("C", o.getAsJsonObject("architecture").get("variant").getAsString());
		assertEquals("full", o.getAsJsonObject("architecture").get("official_config").getAsString());
		assertEquals(32, o.getAsJsonObject("architecture").getAsJsonArray("grid").get(2).getAsInt());
		assertTrue(o.get("licence").getAsString().startsWith("OSS-Net code: MIT"));
		assertEquals(2, o.getAsJsonArray("classes").size());
	}

	@Test
	void badInputFailsInOneLineAndKeepsWhatExists() throws IOException {
		Path out = dir.resolve("never.labelfit");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--out", out.toString()).fails(Main.USAGE, "match neither preset");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64", "--out", out.toString()).fails(Main.USAGE,
			"grid must be X,Y,Z");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64,32", "--channels", "4", "--out", out.toString())
			.fails(Main.USAGE, "takes 1 image channel, not 4");
		assertFalse(Files.exists(out));
		Path kept = Files.writeString(dir.resolve("kept.labelfit"), "precious");
		Cli.run("ossnet", "import-weights", stateDict().toString(), "--grid", "64,64,32", "--out", kept.toString()).fails(Main.USAGE,
			"already exists");
		assertEquals("precious", Files.readString(kept));
	}
}
