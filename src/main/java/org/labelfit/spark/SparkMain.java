package org.labelfit.spark;

import java.util.Arrays;

import org.labelfit.cli.BatchRun;
import org.labelfit.cli.Main;

/**
 * Runs a labelfit segment/label command line with its batch job on Spark: {@code labelfit spark [--master URL] COMMAND ...}
 * or {@code spark-submit --class org.labelfit.spark.SparkMain labelfit-spark-all.jar COMMAND ...}. Without
 * {@code --master}, spark.master (set by spark-submit) or else local[*]. Exit codes are those of {@link Main}.
 */
public final class SparkMain {

	private SparkMain() {}

	public static void main(String[] args) {
		String master = null;
		if (args.length >= 2 && args[0].equals("--master")) {
			master = args[1];
			args = Arrays.copyOfRange(args, 2, args.length);
		}
		BatchRun.use(new SparkRunner(master));
		Main.main(args);
	}
}
