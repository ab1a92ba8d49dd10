package org.labelfit.cli.eval;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.labelfit.cli.Main;
import org.labelfit.cli.Terminal;
import org.labelfit.LabelFitException;
import org.labelfit.eval.Evaluation;
import org.labelfit.io.OutputFiles;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Scores predicted label images against ground truth.",
		"Dice and IoU per class, mean foreground Dice and generalised Dice, as the mean over images and pooled over all pixels, as JSON.",
		"Folders are paired by file name after removing the suffixes (p1_labels.tif ↔ p1.tif)." },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit eval --pred labels/ --truth sample-data/test/labels",
		"  labelfit eval --pred 'out/*_labels.nii.gz' --truth 'data/*_gt.nii.gz' \\",
		"      --truth-suffix _gt --classes 4 --out scores.json",
		"  labelfit eval --pred p1_labels.tif --truth p1_gt.tif" })
public final class EvalCommand implements Callable<Integer> {

	private final Terminal terminal;

	@Option(names = "--pred", required = true, paramLabel = "FILE|DIR", description = "Predicted labels: a file, a folder or a glob.")
	String prediction;

	@Option(names = "--truth", required = true, paramLabel = "FILE|DIR", description = "Ground-truth labels: a file, a folder or a glob.")
	String truth;

	@Option(names = "--pred-suffix", paramLabel = "S", description = "Predicted names end with this. Default: ${DEFAULT-VALUE}.")
	String predictionSuffix = "_labels";

	@Option(names = "--truth-suffix", paramLabel = "S", description = "Ground-truth names end with this. Default: none.")
	String truthSuffix = "";

	@Option(names = "--classes", paramLabel = "N", description = "Number of classes with background; 0 takes the largest label + 1.")
	int classes;

	@Option(names = "--out", paramLabel = "FILE.json", description = "Also write the JSON to this file.")
	Path out;

	@Option(names = "--overwrite", description = "Replace an existing --out file.")
	boolean overwrite;

	public EvalCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	@Override
	public Integer call() {
		if (classes < 0) throw new LabelFitException("--classes must not be negative, got " + classes);
		if (out != null) OutputFiles.requireWritable(out, overwrite);
		JsonObject result = Evaluation.evaluate(Evaluation.pairs(prediction, truth, predictionSuffix, truthSuffix), classes, null);
		String json = Evaluation.pretty(result);
		terminal.out.println(json);
		if (out != null) {
			OutputFiles.writeText(out, json + "\n");
			terminal.err.println("wrote " + out);
		}
		return Main.OK;
	}
}
