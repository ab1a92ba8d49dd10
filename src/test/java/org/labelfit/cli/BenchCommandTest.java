package org.labelfit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

	@Test
	void printsJsonAndASummary() {
		Cli.Result r = Cli.run("bench", "metaseg", "--size", "16", "--classes", "3", "--fit-steps", "2", "--outer-steps", "1", "--repeats",
			"1", "--device", "cpu").succeeds();
		int summary = r.out().lastIndexOf("\nMetaSeg 2d");
		assertTrue(summary > 0, r.out());
		JsonObject json = JsonParser.parseString(r.out().substring(0, summary)).getAsJsonObject();
		assertTrue(json.get("fit_step_seconds").getAsDouble() > 0);
		assertTrue(r.out().substring(summary).contains("peak RSS"));
		Cli.run("bench", "metaseg", "--repeats", "0").fails(Main.USAGE, "--repeats");
	}

	@Test
	void ossNetTimesAStepAndMiseAtASmallSize() {
		Cli.Result r = Cli.run("bench", "ossnet", "--grid", "64,64,32", "--points", "64", "--steps", "1", "--repeats", "1", "--device", "cpu").succeeds();
		JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
		double step = json.getAsJsonObject("training_step_seconds").get("median").getAsDouble();
		double mise = json.getAsJsonObject("mise_seconds").get("median").getAsDouble();
		assertTrue(step > 0 && Double.isFinite(step) && mise > 0 && Double.isFinite(mise), r.out());
		// MISE always evaluates the whole stride-4 lattice first: 16 x 16 x 8 points
		assertTrue(json.getAsJsonArray("mise_queries").get(0).getAsLong() == 2048, r.out());
		Cli.run("bench", "ossnet", "--steps", "0", "--repeats", "0").fails(Main.USAGE, "nothing to time");
	}
}
