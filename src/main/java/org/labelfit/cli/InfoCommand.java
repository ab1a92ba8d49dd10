package org.labelfit.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.labelfit.model.LoadedModel;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelInfo;
import org.labelfit.model.StateDicts;
import org.labelfit.model.Tensor;

@Command(name = "info", mixinStandardHelpOptions = true,
	description = { "Prints what a LabelFit model file holds, for any method, as JSON: method, architecture, parameter count, " +
		"classes, provenance and licence." },
	footerHeading = "%nExamples:%n", footer = { "  labelfit info pretrained.labelfit" })
public final class InfoCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
	Path model;

	public InfoCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		LoadedModel loaded = ModelFile.load(model);
		ModelInfo info = loaded.info();
		JsonObject o = new JsonObject();
		o.addProperty("file", model.toString());
		o.addProperty("method", info.method());
		o.add("architecture", info.architecture());
		o.addProperty("parameters", parameters(loaded.weights()));
		JsonArray classes = new JsonArray();
		for (ModelInfo.LabelClass c : info.classes()) {
			JsonObject k = new JsonObject();
			k.addProperty("index", c.index());
			k.addProperty("name", c.name());
			k.addProperty("color", c.color());
			classes.add(k);
		}
		o.add("classes", classes);
		o.add("preprocessing", info.preprocessing());
		o.add("provenance", info.training());
		if (info.licence() != null) o.addProperty("licence", info.licence());
		terminal.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o));
		return Main.OK;
	}

	/** Learnt values in the weights, whatever the method: BatchNorm statistics and counters are not parameters. */
	static long parameters(Map<String, Tensor> weights) {
		long n = 0;
		for (Map.Entry<String, Tensor> e : weights.entrySet())
			if (!StateDicts.isStatistic(e.getKey())) n += e.getValue().size();
		return n;
	}
}
