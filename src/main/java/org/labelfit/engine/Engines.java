package org.labelfit.engine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import org.labelfit.LabelFitException;

/**
 * One place that sets DJL up for LabelFit: offline use of the bundled PyTorch
 * natives, an absolute native cache folder, and the device choice
 * {@code auto|cpu|gpu} with the device actually used reported to the caller.
 */
public final class Engines {

	/** Where libtorch is extracted unless the user set DJL's own variables. */
	public static final Path DEFAULT_CACHE =
		Paths.get(System.getProperty("user.home"), ".labelfit", "djl").toAbsolutePath();

	private Engines() {}

	/** Prepares system properties; must run before DJL's engine is first touched. */
	public static synchronized void configure() {
		if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
		// A cache folder relative to Fiji's working directory would scatter 400 MB copies of libtorch.
		if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null &&
			System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null)
		{
			System.setProperty("ENGINE_CACHE_DIR", DEFAULT_CACHE.toString());
		}
		// PyTorch spins its intra-op threads; on a busy 2-core machine one thread can be many times faster.
		String threads = System.getProperty("labelfit.threads", System.getenv("LABELFIT_THREADS"));
		if (threads != null && !threads.isBlank() && System.getProperty("ai.djl.pytorch.num_threads") == null) {
			if (!threads.trim().matches("[1-9][0-9]*")) throw new LabelFitException("LABELFIT_THREADS must be a positive whole number, got '" + threads + "'");
			System.setProperty("ai.djl.pytorch.num_threads", threads.trim());
		}
		// DJL logs through SLF4J; without a binding it prints three warnings to stderr.
		if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
	}

	/** PyTorch's intra-op threads: LABELFIT_THREADS (or DJL's property) where set, else one per processor. */
	public static int threads() {
		configure();
		String n = System.getProperty("ai.djl.pytorch.num_threads");
		return n == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n.trim());
	}

	/** The PyTorch engine, loaded once; a missing or clashing native library becomes one clear line. */
	public static Engine engine() {
		configure();
		// DJL finds its engine and natives through the context class loader; in ImageJ that is not the
		// plugin class loader that loaded LabelFit and DJL (jars in plugins/), so point it there while loading.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(Engines.class.getClassLoader());
		try {
			return Engine.getEngine("PyTorch");
		}
		catch (RuntimeException | UnsatisfiedLinkError e) {
			throw new LabelFitException("could not start the PyTorch engine (DJL " + Engine.getDjlVersion() +
				", PyTorch 2.7.1 expected; check Fiji.app/jars for other DJL or PyTorch versions): " + e.getMessage(), e);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Resolves {@code auto|cpu|gpu}. {@code gpu} without a usable GPU is an error, {@code auto}
	 * falls back to the CPU; either way {@code log} is told which device is used.
	 */
	public static Device device(String choice, Consumer<String> log) {
		Engine engine = engine();
		String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
		int gpus = engine.getGpuCount();
		Device device;
		switch (c) {
			case "auto":
				device = gpus > 0 ? Device.gpu() : Device.cpu();
				break;
			case "cpu":
				device = Device.cpu();
				break;
			case "gpu":
				if (gpus == 0) throw new LabelFitException("device=gpu was requested but PyTorch sees no GPU " +
					"(LabelFit bundles the CPU build of PyTorch); for an NVIDIA GPU set PYTORCH_LIBRARY_PATH to a CUDA libtorch " +
					"2.7.1 (or PYTORCH_FLAVOR=cu128 with -Dai.djl.offline=false), see docs/scaleout.md; else use device=auto or device=cpu");
				device = Device.gpu();
				break;
			default:
				throw new LabelFitException("unknown device '" + choice + "'; use auto, cpu or gpu");
		}
		if (log != null) log.accept("LabelFit: using " + describe(device) + " (PyTorch " + engine.getVersion() +
			", " + Runtime.getRuntime().availableProcessors() + " cores)" + (device.isGpu() ? "" : "; " + PaddedConvolution.WORKAROUND));
		return device;
	}

	public static NDManager newManager(Device device) {
		return engine().newBaseManager(device);
	}

	/** Seeds PyTorch's generator; LabelFit's own initialisers take explicit seeds. */
	public static void seed(long seed) {
		engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
	}

	private static String describe(Device device) {
		return device.isGpu() ? "GPU " + device.getDeviceId() : "CPU";
	}
}
