package org.labelfit.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.labelfit.LabelFitException;

/**
 * Checks made before long work starts, so that a run never ends in a write that must fail,
 * and the naming of per-input outputs.
 */
public final class OutputFiles {

	private OutputFiles() {}

	/** Fails unless {@code file} can be written: its folder exists and is writable, and it is not an existing file unless overwriting. */
	public static void requireWritable(Path file, boolean overwrite) {
		Path dir = file.toAbsolutePath().getParent();
		if (dir == null || !Files.isDirectory(dir)) throw new LabelFitException("output folder does not exist: " + dir);
		if (!Files.isWritable(dir)) throw new LabelFitException("output folder is not writable: " + dir);
		if (Files.isDirectory(file)) throw new LabelFitException("output is a folder, expected a file: " + file);
		if (Files.exists(file) && !overwrite) throw new LabelFitException(file + " already exists; choose another name or allow overwriting");
	}

	/** Creates {@code dir} when its parent exists; fails clearly otherwise. */
	public static void requireFolder(Path dir) {
		if (Files.isDirectory(dir)) {
			if (!Files.isWritable(dir)) throw new LabelFitException("output folder is not writable: " + dir);
			return;
		}
		if (Files.exists(dir)) throw new LabelFitException("output is a file, expected a folder: " + dir);
		Path parent = dir.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) throw new LabelFitException("output folder's parent does not exist: " + parent);
		try {
			Files.createDirectory(dir);
		}
		catch (java.io.IOException e) {
			throw new LabelFitException("cannot create output folder " + dir + ": " + e.getMessage(), e);
		}
	}

	/** Label file name for an input: NIfTI stays NIfTI (same geometry), everything else becomes a 16-bit TIFF. */
	public static String labelName(Path input) {
		String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
		String ext = name.endsWith(".nii.gz") ? ".nii.gz" : name.endsWith(".nii") ? ".nii" : ".tif";
		return ImageFiles.baseName(input) + "_labels" + ext;
	}

	public static boolean isNifti(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return name.endsWith(".nii") || name.endsWith(".nii.gz");
	}

	/** Writes small text results (JSON) atomically: readers never see half a file. */
	public static void writeText(Path file, String text) {
		AtomicFiles.write(file, tmp -> Files.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8));
	}

	/**
	 * Deletes temporary files a killed run left for {@code target} (same folder, {@code .labelfit-*-<name>}); returns how
	 * many. Only their names are trusted: they are never read.
	 */
	public static int removeLeftovers(Path target) {
		Path dir = target.toAbsolutePath().getParent();
		String suffix = "-" + target.getFileName();
		int removed = 0;
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			for (Path p : (Iterable<Path>) files::iterator) {
				String n = p.getFileName().toString();
				if (n.startsWith(AtomicFiles.PREFIX) && n.endsWith(suffix) && Files.isRegularFile(p) && Files.deleteIfExists(p)) removed++;
			}
		}
		catch (java.io.IOException e) {
			throw new LabelFitException("cannot clean up " + dir + ": " + AtomicFiles.message(e), e);
		}
		return removed;
	}
}
