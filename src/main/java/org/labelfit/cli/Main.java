package org.labelfit.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import org.labelfit.LabelFitException;
import org.labelfit.cli.eval.EvalCommand;
import org.labelfit.cli.metaseg.MetaSegCommand;
import org.labelfit.cli.ossnet.OssNetCommand;
import org.labelfit.cli.pix2rep.Pix2RepCommand;
import org.labelfit.cli.sample.SampleDataCommand;
import org.labelfit.cli.unet.UNetCommand;
import org.labelfit.cli.universeg.UniverSegCommand;
import org.labelfit.train.CancelledException;

/**
 * The {@code labelfit} command line. Exit codes: {@value #OK} success; {@value #FAILED} an unexpected failure (a
 * bug, out of memory, a native crash), or a segment/label batch where some inputs failed (the others are written; stderr
 * says how many, the manifest which); {@value #USAGE} bad usage or input the user can fix (a picocli parameter
 * error or a {@link LabelFitException}); {@value #CANCELLED} cancelled with Ctrl-C.
 */
@Command(name = "labelfit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Label-efficient medical image segmentation (MetaSeg, UniverSeg, Pix2Rep) from the command line.",
	subcommands = { DemoCommand.class, MetaSegCommand.class, UniverSegCommand.class, Pix2RepCommand.class, OssNetCommand.class, UNetCommand.class, EvalCommand.class,
		InfoCommand.class, MacroCommand.class, BenchCommand.class, ClusterCommand.class,
		SampleDataCommand.class },
	footerHeading = "%nExamples:%n",
	footer = { "  labelfit demo",
		"  labelfit metaseg train --images data/images --labels data/labels \\", "      --out brain.labelfit",
		"  labelfit metaseg label --model brain.labelfit --input new/ --output labels/",
		"  labelfit universeg segment --model universeg.labelfit --support-images sup/img \\",
		"      --support-labels sup/lab --input new/ --output labels/",
		"  labelfit eval --pred labels/ --truth data/test/labels", "  labelfit <command> --help",
		"  labelfit cluster slurm --array 20 -- metaseg label --model brain.labelfit --input cohort/ --output labels/",
		"%nExit codes: 0 ok, 1 failed (segment/label: some inputs failed, see the manifest), 2 bad usage or input, 130 cancelled." })
public final class Main extends CommandGroup {

	public static final int OK = 0, FAILED = 1, USAGE = 2, CANCELLED = 130;

	// read from the parse result rather than this field, so that it also works after the subcommand
	@Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
	boolean debug;

	public static void main(String[] args) {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out, System.err));
	}

	/** Runs one command line and returns its exit code; never exits the JVM. */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		try (Cancellation cancellation = new Cancellation()) {
			Terminal terminal = new Terminal(args, out, err, System.console() != null && err == System.err,
				cancellation::requested);
			CommandLine cl = new CommandLine(Main.class, new Factory(terminal));
			cl.setOut(new PrintWriter(out, true));
			cl.setErr(new PrintWriter(err, true));
			cl.setParameterExceptionHandler((e, a) -> usageError(e, err));
			cl.setExecutionExceptionHandler((e, c, parsed) -> failure(e, parsed, err));
			try {
				return cl.execute(args);
			}
			catch (Throwable e) {
				// errors (OutOfMemoryError, UnsatisfiedLinkError) pass picocli's handler
				return failure(e, cl.getParseResult(), err);
			}
			finally {
				out.flush();
				err.flush();
			}
		}
	}

	private static int usageError(ParameterException e, PrintStream err) {
		CommandLine cl = e.getCommandLine();
		String message = oneLine(e.getMessage());
		if (e instanceof UnmatchedArgumentException u && !cl.getSubcommands().isEmpty() && !u.getUnmatched().isEmpty() &&
			!u.getUnmatched().get(0).startsWith("-"))
		{
			message = "unknown command '" + u.getUnmatched().get(0) + "'; choose one of " + String.join(", ", cl.getSubcommands().keySet());
		}
		err.println("labelfit: " + message + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
		return USAGE;
	}

	private static int failure(Throwable e, ParseResult parsed, PrintStream err) {
		if (e instanceof ParameterException p) return usageError(p, err);
		boolean debug = debug(parsed);
		if (debug) e.printStackTrace(err);
		if (e instanceof CancelledException) {
			err.println("labelfit: " + oneLine(e.getMessage()));
			return CANCELLED;
		}
		if (e instanceof LabelFitException) {
			err.println("labelfit: " + oneLine(e.getMessage()));
			return USAGE;
		}
		String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
		err.println("labelfit: unexpected error: " + what + (debug ? "" : " (rerun with --debug for the stack trace)"));
		return FAILED;
	}

	private static boolean debug(ParseResult parsed) {
		for (ParseResult p = parsed; p != null; p = p.subcommand()) if (p.hasMatchedOption("--debug")) return true;
		return false;
	}

	private static String oneLine(String message) {
		return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "LabelFit " + org.labelfit.Version.get() };
		}
	}

	/** Hands the terminal to the commands that take it in their constructor. */
	record Factory(Terminal terminal) implements CommandLine.IFactory {

		@Override
		public <K> K create(Class<K> cls) throws Exception {
			if (Arrays.stream(cls.getDeclaredConstructors()).anyMatch(c -> Arrays.equals(c.getParameterTypes(), new Class<?>[] { Terminal.class })))
				return cls.getDeclaredConstructor(Terminal.class).newInstance(terminal);
			return CommandLine.defaultFactory().create(cls);
		}
	}
}
