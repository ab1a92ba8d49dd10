package org.labelfit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident and available memory from Linux's /proc. Native tensors live outside the Java heap, so
 * the JVM's own numbers say nothing about them; elsewhere these report -1 (unknown).
 */
public final class Memory {

	private Memory() {}

	/** Peak resident memory of this process (VmHWM) in MB, or -1. */
	public static long peakResidentMegabytes() {
		return kilobytes(Path.of("/proc/self/status"), "VmHWM:") / 1024;
	}

	/** Current resident memory of this process (VmRSS) in MB, or -1. */
	public static long residentMegabytes() {
		return kilobytes(Path.of("/proc/self/status"), "VmRSS:") / 1024;
	}

	/** Memory the system can give without swapping (MemAvailable) in MB, or -1. */
	public static long availableMegabytes() {
		return kilobytes(Path.of("/proc/meminfo"), "MemAvailable:") / 1024;
	}

	/** Resets the peak to the current resident size (Linux 4.0+), so a peak can be measured per phase; false where unsupported. */
	public static boolean resetPeak() {
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
			return true;
		}
		catch (IOException | UnsupportedOperationException | SecurityException e) {
			return false;
		}
	}

	private static long kilobytes(Path file, String field) {
		try {
			for (String line : Files.readAllLines(file))
				if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", ""));
		}
		catch (IOException | NumberFormatException e) {
			return -1024;
		}
		return -1024;
	}
}
