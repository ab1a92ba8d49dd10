package org.labelfit;

import java.util.Locale;

/**
 * Checks, before a reader allocates, that the Java heap can hold what a file's header asks for, so a huge but
 * genuine file gets "needs 8.0 GB, 3.1 GB available" instead of an OutOfMemoryError, and a lying header costs
 * nothing. Readers use it for every array whose size comes from a file.
 */
public final class HeapBudget {

	private HeapBudget() {}

	/** Heap the JVM can still give: its maximum less what is in use now. */
	public static long availableBytes() {
		Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * Throws unless {@code bytes} more fit in the heap (after one garbage collection, when the first look says no).
	 *
	 * @param what names the file and the thing ("scan.nii: 32767×32767×1 float voxels")
	 */
	public static void require(long bytes, String what) {
		if (bytes < 0) throw new LabelFitException(what + " has a size that overflows");
		if (bytes <= availableBytes()) return;
		System.gc();
		long available = availableBytes();
		if (bytes > available) throw new LabelFitException(message(what, bytes, available));
	}

	static String message(String what, long bytes, long available) {
		// "needs 1.1 GB, 1.1 GB available" would read as a contradiction: then show more digits
		int digits = format(bytes, 1).equals(format(available, 1)) ? 3 : 1;
		return what + " needs " + format(bytes, digits) + ", " + format(available, digits) +
			" available (Java heap; raise it with -Xmx, or in Fiji with Edit › Options › Memory & Threads)";
	}

	/** Bytes for people: "512 B", "3.1 MB", "8.0 GB" (decimal units). */
	public static String format(long bytes) {
		return format(bytes, 1);
	}

	private static String format(long bytes, int digits) {
		if (bytes < 1000) return bytes + " B";
		String[] units = { "kB", "MB", "GB", "TB", "PB", "EB" };
		double v = bytes;
		int u = -1;
		do {
			v /= 1000;
			u++;
		} while (v >= 999.95 && u < units.length - 1);
		return String.format(Locale.ROOT, "%." + digits + "f %s", v, units[u]);
	}
}
