package org.labelfit.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.labelfit.LabelFitException;

/** Finds input images and pairs them with their label images by file name. */
public final class ImagePairs {

	/** An image and its label image, matched by key (file name without extension and suffix). */
	public record Pair(String key, Path image, Path label) {}

	private static final int EXAMPLES = 3;

	private ImagePairs() {}

	/**
	 * Pairs images with labels. Each spec is a folder or a glob in the file name
	 * ({@code /data/*_img.nii.gz}). A file's key is its name without extension and without the
	 * suffix; when a suffix is given, files whose name does not end with it are ignored, so images
	 * and labels may share a folder.
	 *
	 * @param imageSuffix e.g. "_img", or null/empty for none
	 * @param labelSuffix e.g. "_gt", or null/empty for none
	 * @return the pairs sorted by key
	 */
	public static List<Pair> pair(String images, String labels, String imageSuffix, String labelSuffix) {
		Map<String, Path> imageByKey = byKey(images, imageSuffix, "images");
		Map<String, Path> labelByKey = byKey(labels, labelSuffix, "labels");
		List<String> noLabel = imageByKey.keySet().stream().filter(k -> !labelByKey.containsKey(k)).toList();
		if (!noLabel.isEmpty())
			throw new LabelFitException(noLabel.size() + " image(s) have no label in " + labels + ": "
				+ examples(noLabel, imageByKey));
		List<String> noImage = labelByKey.keySet().stream().filter(k -> !imageByKey.containsKey(k)).toList();
		if (!noImage.isEmpty())
			throw new LabelFitException(noImage.size() + " label(s) have no image in " + images + ": "
				+ examples(noImage, labelByKey));
		List<Pair> pairs = new ArrayList<>();
		imageByKey.forEach((key, image) -> pairs.add(new Pair(key, image, labelByKey.get(key))));
		return pairs;
	}

	/**
	 * The images a spec names: a single file, every supported image in a folder, or the files
	 * matching a glob in the file name; sorted by name.
	 */
	public static List<Path> list(String spec) {
		Path literal = literalPath(spec);
		if (literal != null && Files.isRegularFile(literal))
			return List.of(literal);
		if (literal != null && Files.isDirectory(literal))
			return scan(literal, "*", spec);
		if (!isGlob(spec))
			throw new LabelFitException("not found: " + spec);
		int cut = Math.max(spec.lastIndexOf('/'), spec.lastIndexOf(File.separatorChar));
		String folder = cut < 0 ? "." : cut == 0 ? spec.substring(0, 1) : spec.substring(0, cut);
		if (isGlob(folder))
			throw new LabelFitException("wildcards are only allowed in the file name: " + spec);
		Path dir = Paths.get(folder);
		if (!Files.isDirectory(dir))
			throw new LabelFitException("folder not found: " + dir);
		return scan(dir, spec.substring(cut + 1), spec);
	}

	/** The spec as a path, or null where the platform cannot form one (wildcards on Windows). */
	private static Path literalPath(String spec) {
		try {
			return Paths.get(spec);
		}
		catch (InvalidPathException e) {
			return null;
		}
	}

	private static List<Path> scan(Path dir, String glob, String spec) {
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
			for (Path p : stream) {
				String n = p.getFileName().toString();
				if (!n.startsWith(".") && matcher.matches(p.getFileName()) && Files.isRegularFile(p) && ImageFiles.isSupported(p))
					files.add(p);
			}
		}
		catch (IOException e) {
			throw new LabelFitException("cannot list " + spec + ": " + AtomicFiles.message(e), e);
		}
		files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).thenComparing(Path::toString));
		return files;
	}

	private static Map<String, Path> byKey(String spec, String suffix, String what) {
		String sfx = suffix == null ? "" : suffix;
		Map<String, Path> byKey = new TreeMap<>();
		for (Path p : list(spec)) {
			String base = ImageFiles.baseName(p);
			if (!base.endsWith(sfx))
				continue;
			String key = base.substring(0, base.length() - sfx.length());
			Path previous = byKey.put(key, p);
			if (previous != null)
				throw new LabelFitException("two " + what + " have the key '" + key + "': " + previous.getFileName()
					+ " and " + p.getFileName());
		}
		if (byKey.isEmpty())
			throw new LabelFitException("no " + what + " found in " + spec + (sfx.isEmpty() ? "" : " with suffix " + sfx));
		return byKey;
	}

	private static String examples(List<String> keys, Map<String, Path> files) {
		String shown = keys.stream().limit(EXAMPLES).map(k -> files.get(k).getFileName().toString())
			.collect(Collectors.joining(", "));
		return keys.size() > EXAMPLES ? shown + ", ..." : shown;
	}

	private static boolean isGlob(String s) {
		return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
	}
}
