package org.labelfit.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.labelfit.LabelFitException;

/** Writes files so that a failure never leaves a half-written target behind. */
public final class AtomicFiles {

	/** Fills a temporary file; returns normally only when the file is complete. */
	@FunctionalInterface
	public interface Writer {
		void write(Path tmp) throws IOException;
	}

	/** Temporary files are named {@code PREFIX + random + "-" + target name}. */
	static final String PREFIX = ".labelfit-";

	private AtomicFiles() {}

	/**
	 * Writes to a temporary file in the target's folder, then moves it over the target.
	 * The temporary name keeps the target's extension because some writers (ImageJ) look at it.
	 */
	public static void write(Path target, Writer writer) {
		Path abs = target.toAbsolutePath();
		Path dir = abs.getParent();
		String name = abs.getFileName().toString();
		if (dir == null || !Files.isDirectory(dir))
			throw new LabelFitException("cannot write " + name + ": folder " + dir + " does not exist");
		if (!Files.isWritable(dir))
			throw new LabelFitException("cannot write " + name + ": folder " + dir + " is not writable");
		if (Files.isDirectory(abs))
			throw new LabelFitException("cannot write " + abs + ": it is a folder");
		Path tmp = null;
		try {
			tmp = Files.createTempFile(dir, PREFIX, "-" + name);
			writer.write(tmp);
			move(tmp, abs);
		}
		catch (IOException | RuntimeException e) {
			deleteQuietly(tmp);
			if (e instanceof LabelFitException lfe)
				throw lfe;
			throw new LabelFitException("cannot write " + abs + ": " + message(e), e);
		}
	}

	private static void move(Path tmp, Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void deleteQuietly(Path tmp) {
		if (tmp == null)
			return;
		try {
			Files.deleteIfExists(tmp);
		}
		catch (IOException e) {
			// the original failure matters more than a leftover temporary file
		}
	}

	static String message(Throwable e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
	}
}
