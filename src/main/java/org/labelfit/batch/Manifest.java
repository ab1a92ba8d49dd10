package org.labelfit.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.labelfit.LabelFitException;
import org.labelfit.batch.ManifestRow.Status;
import org.labelfit.io.OutputFiles;

/**
 * The manifest CSV of a batch run in its output folder: {@value #FILE}, or {@code labelfit-manifest-I-of-N.csv} for
 * shard I of N (array tasks share the folder, so each writes its own). Columns: input, output, status
 * (done/skipped/failed), seconds, worker, error. Written atomically when the run ends.
 */
public final class Manifest {

	public static final String FILE = "labelfit-manifest.csv";
	static final String HEADER = "input,output,status,seconds,worker,error";

	private Manifest() {}

	public static Path file(Path outputFolder, Shard shard) {
		return outputFolder.resolve(shard.isAll() ? FILE : "labelfit-manifest-" + shard.index() + "-of-" + shard.count() + ".csv");
	}

	public static void write(Path file, List<ManifestRow> rows) {
		StringBuilder s = new StringBuilder(HEADER).append('\n');
		for (ManifestRow r : rows)
			s.append(String.join(",", quote(r.input()), quote(r.output()), r.status().text(), String.format(Locale.ROOT, "%.3f", r.seconds()),
				quote(r.worker()), quote(r.error()))).append('\n');
		OutputFiles.writeText(file, s.toString());
	}

	public static List<ManifestRow> read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new LabelFitException("cannot read " + file + ": " + e.getMessage(), e);
		}
		if (lines.isEmpty() || !lines.get(0).equals(HEADER)) throw new LabelFitException(file + " is not a LabelFit manifest");
		List<ManifestRow> rows = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			List<String> f = fields(line);
			if (f.size() != 6) throw new LabelFitException(file + ": a row with " + f.size() + " fields, expected 6: " + line);
			rows.add(new ManifestRow(f.get(0), f.get(1), Status.valueOf(f.get(2).toUpperCase(Locale.ROOT)), Double.parseDouble(f.get(3)),
				f.get(4), f.get(5)));
		}
		return rows;
	}

	private static String quote(String s) {
		return s.matches("[^,\"\\r\\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
	}

	private static List<String> fields(String line) {
		List<String> out = new ArrayList<>();
		StringBuilder f = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					f.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else f.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				out.add(f.toString());
				f.setLength(0);
			}
			else f.append(c);
		}
		out.add(f.toString());
		return out;
	}
}
