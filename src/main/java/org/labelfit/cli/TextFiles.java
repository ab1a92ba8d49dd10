package org.labelfit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.labelfit.LabelFitException;

/** Writes small text results (JSON) through a temporary file in the same folder, so readers never see half a file. */
final class TextFiles {

	private TextFiles() {}

	static void write(Path file, String text) {
		Path target = file.toAbsolutePath();
		Path tmp = null;
		try {
			tmp = Files.createTempFile(target.getParent(), ".labelfit-", ".tmp");
			Files.writeString(tmp, text, StandardCharsets.UTF_8);
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException e) {
			throw new LabelFitException("cannot write " + file + ": " + e.getMessage(), e);
		}
		finally {
			try {
				if (tmp != null) Files.deleteIfExists(tmp);
			}
			catch (IOException e) {
				// the write itself succeeded or has already failed with a clearer message
			}
		}
	}
}
