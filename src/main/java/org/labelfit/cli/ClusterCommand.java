package org.labelfit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.labelfit.LabelFitException;
import org.labelfit.io.OutputFiles;

@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Scripts that run a segment/label command on a cluster.",
	subcommands = { ClusterCommand.Slurm.class }, footerHeading = "%nExamples:%n",
	footer = { "  labelfit cluster slurm --array 20 --out label.sbatch -- \\",
		"      metaseg label --model brain.labelfit --input /data/cohort --output /data/labels" })
public final class ClusterCommand extends CommandGroup {

	@Command(name = "slurm", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Writes an sbatch array script: task I of N runs COMMAND with --shard I/N, so the array covers every input once.",
			"Each task uses LABELFIT_THREADS = its cores for PyTorch and a node-local ENGINE_CACHE_DIR for DJL's natives; a resubmitted " +
				"array skips the label files that exist. Each shard writes labelfit-manifest-I-of-N.csv into the output folder." },
		footerHeading = "%nExamples:%n",
		footer = { "  labelfit cluster slurm --array 20 --cpus 4 --mem 16G --time 2:00:00 --out label.sbatch -- \\",
			"      metaseg label --model brain.labelfit --input /data/cohort --output /data/labels",
			"  sbatch label.sbatch" })
	public static final class Slurm implements Callable<Integer> {

		private final Terminal terminal;

		@Option(names = "--array", required = true, paramLabel = "N", description = "Array tasks (shards).")
		int tasks;

		@Option(names = "--cpus", paramLabel = "C", description = "Cores per task (PyTorch threads). Default: ${DEFAULT-VALUE}.")
		int cpus = 4;

		@Option(names = "--mem", paramLabel = "MEM", description = "Memory per task, as sbatch takes it (16G). Default: ${DEFAULT-VALUE}.")
		String mem = "16G";

		@Option(names = "--time", paramLabel = "T", description = "Time limit per task, as sbatch takes it (2:00:00). Default: ${DEFAULT-VALUE}.")
		String time = "4:00:00";

		@Option(names = "--job-name", paramLabel = "NAME", description = "Default: ${DEFAULT-VALUE}.")
		String name = "labelfit";

		@Option(names = "--out", paramLabel = "FILE", description = "Write the script here instead of printing it.")
		Path out;

		@Parameters(paramLabel = "COMMAND", arity = "1..*", description = "After --: a labelfit segment/label command with its options.")
		List<String> command;

		public Slurm(Terminal terminal) {
			this.terminal = terminal;
		}

		@Override
		public Integer call() {
			String script = script(tasks, cpus, mem, time, name, launcher(), command);
			if (out == null) terminal.out.print(script);
			else {
				OutputFiles.requireWritable(out, false);
				OutputFiles.writeText(out, script);
				terminal.out.println("wrote " + out + "; submit it with: sbatch " + out);
			}
			return Main.OK;
		}

		static String launcher() {
			String home = System.getProperty("labelfit.home");
			return home == null ? "labelfit" : Path.of(home, "labelfit").toString();
		}

		static String script(int tasks, int cpus, String mem, String time, String name, String launcher, List<String> command) {
			if (tasks < 1) throw new LabelFitException("--array must be 1 or more, got " + tasks);
			if (cpus < 1) throw new LabelFitException("--cpus must be 1 or more, got " + cpus);
			if (command.contains("--shard")) throw new LabelFitException("leave --shard out of COMMAND: each array task adds its own");
			if (command.stream().noneMatch(a -> a.equals("segment") || a.equals("label")))
				throw new LabelFitException("COMMAND must be a segment or label command, e.g. metaseg label --model ... --input ... --output ...");
			String args = command.stream().map(Slurm::quote).collect(Collectors.joining(" "));
			return String.join("\n", "#!/bin/bash",
				"#SBATCH --job-name=" + name,
				"#SBATCH --array=1-" + tasks,
				"#SBATCH --cpus-per-task=" + cpus,
				"#SBATCH --mem=" + mem,
				"#SBATCH --time=" + time,
				"#SBATCH --output=" + name + "-%A_%a.log",
				"# Written by labelfit cluster slurm. Task I of the array labels every " + tasks + "-th input from the I-th;",
				"# resubmitting skips label files that exist, so a failed or timed-out task just reruns.",
				"set -euo pipefail",
				"# one PyTorch thread per core Slurm gave the task",
				"export LABELFIT_THREADS=\"${SLURM_CPUS_PER_TASK:-" + cpus + "}\"",
				"# DJL's natives (~430 MB) extracted once per node on local disk, not on the shared file system",
				"export ENGINE_CACHE_DIR=\"${LABELFIT_NODE_CACHE:-${TMPDIR:-/tmp}/labelfit-djl-$USER}\"",
				"exec " + quote(launcher) + " " + args + " --shard \"${SLURM_ARRAY_TASK_ID}/" + tasks + "\"", "");
		}

		/** Single-quotes a word for bash unless it is plainly safe. */
		static String quote(String word) {
			return word.matches("[A-Za-z0-9_./:=,+@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
		}
	}
}
