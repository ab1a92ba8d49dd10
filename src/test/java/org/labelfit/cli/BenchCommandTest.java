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
}
