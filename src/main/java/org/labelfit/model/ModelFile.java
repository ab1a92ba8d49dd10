package org.labelfit.model;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;

/**
 * A LabelFit model file: a zip archive holding exactly {@value #INFO_ENTRY} (deflated) and
 * {@value #WEIGHTS_ENTRY} (stored, so it is not compressed twice for nothing). Saving is atomic: the archive is
 * written to a temporary file in the same folder, synced, then moved over the target, so a failed or cancelled
 * save leaves the previous file untouched. Loading trusts nothing in the file: entry names, sizes (counted while
 * reading, not taken from the archive), checksums and the weights' structure are all checked.
 */
public final class ModelFile {

	public static final String INFO_ENTRY = "model.json";
	public static final String WEIGHTS_ENTRY = "weights.safetensors";
	public static final long MAX_INFO_BYTES = 1L << 20;
	/** About 2 GiB: a little under, since the weights must fit in Java arrays. */
	public static final long MAX_WEIGHTS_BYTES = Integer.MAX_VALUE - 8L;

	private ModelFile() {}

	public static void save(Path file, ModelInfo info, Map<String, Tensor> weights) {
		save(file, info, weights, () -> false);
	}

	/**
	 * Saves atomically unless {@code cancelled} says so before the file is replaced.
	 *
	 * @return false when cancelled (the previous file, if any, is untouched)
	 */
	public static boolean save(Path file, ModelInfo info, Map<String, Tensor> weights, BooleanSupplier cancelled) {
		Path target = file.toAbsolutePath();
		Path dir = target.getParent();
		String name = String.valueOf(target.getFileName());
		if (dir == null || !Files.isDirectory(dir))
			throw new LabelFitException("cannot save " + name + ": folder " + dir + " does not exist");
		if (!Files.isWritable(dir))
			throw new LabelFitException("cannot save " + name + ": folder " + dir + " is not writable");
		if (Files.isDirectory(target))
			throw new LabelFitException("cannot save the model: " + target + " is a folder");
		if (cancelled.getAsBoolean())
			return false;
		Path temp;
		try {
			temp = Files.createTempFile(dir, ".labelfit-", ".tmp");
		}
		catch (IOException e) {
			throw new LabelFitException("cannot save " + name + ": " + describe(e), e);
		}
		boolean moved = false;
		try {
			try (FileOutputStream out = new FileOutputStream(temp.toFile());
				ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16)))
			{
				writeEntries(zip, info, weights);
				zip.finish();
				zip.flush();
				out.getFD().sync();
			}
			if (cancelled.getAsBoolean())
				return false;
			copyPermissions(target, temp);
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			moved = true;
			return true;
		}
		catch (IOException e) {
			throw new LabelFitException("could not save " + name + ": " + describe(e), e);
		}
		finally {
			if (!moved)
				deleteQuietly(temp);
		}
	}

	private static void writeEntries(ZipOutputStream zip, ModelInfo info, Map<String, Tensor> weights)
		throws IOException
	{
		zip.putNextEntry(new ZipEntry(INFO_ENTRY));
		zip.write(info.toJson().getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();

		// a stored entry needs its size and checksum up front: serialise once to measure, once to write
		CRC32 crc = new CRC32();
		long[] size = { 0 };
		Safetensors.write(new OutputStream() {

			@Override
			public void write(int b) {
				crc.update(b);
				size[0]++;
			}

			@Override
			public void write(byte[] b, int off, int len) {
				crc.update(b, off, len);
				size[0] += len;
			}
		}, weights, Map.of());
		if (size[0] > MAX_WEIGHTS_BYTES)
			throw new LabelFitException("the weights are too large to save (" + size[0] + " bytes; the limit is "
				+ MAX_WEIGHTS_BYTES + ")");
		ZipEntry entry = new ZipEntry(WEIGHTS_ENTRY);
		entry.setMethod(ZipEntry.STORED);
		entry.setSize(size[0]);
		entry.setCompressedSize(size[0]);
		entry.setCrc(crc.getValue());
		zip.putNextEntry(entry);
		Safetensors.write(zip, weights, Map.of());
		zip.closeEntry();
	}

	/** A temp file is created owner-only; the saved model should be as readable as the file it replaces. */
	private static void copyPermissions(Path target, Path temp) {
		try {
			Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target)
				: PosixFilePermissions.fromString("rw-r--r--"));
		}
		catch (UnsupportedOperationException | IOException e) {
			// not a POSIX file system, or not ours to change: the owner can still read the file
		}
	}

	private static void deleteQuietly(Path temp) {
		try {
			Files.deleteIfExists(temp);
		}
		catch (IOException e) {
			// nothing better to do: the save has failed already and says so
		}
	}

	public static LoadedModel load(Path file) {
		String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
		if (!Files.exists(file))
			throw new LabelFitException("model file " + file + " does not exist");
		if (Files.isDirectory(file))
			throw new LabelFitException(name + " is a folder, not a LabelFit model file");
		if (!startsLikeZip(file))
			throw new LabelFitException(name + " is not a LabelFit model file (not a zip archive)");
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntry infoEntry = null;
			ZipEntry weightsEntry = null;
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry e = entries.nextElement();
				String n = e.getName();
				if (n.contains("..") || n.startsWith("/") || n.contains("\\") || n.contains(":"))
					throw new LabelFitException(name + " contains a suspicious entry '" + Quoted.of(n) + "'; refusing to load it");
				if (e.isDirectory())
					continue;
				if (n.equals(INFO_ENTRY) && infoEntry == null)
					infoEntry = e;
				else if (n.equals(WEIGHTS_ENTRY) && weightsEntry == null)
					weightsEntry = e;
				else
					throw new LabelFitException(name + " is not a LabelFit model file (unexpected entry '" + Quoted.of(n) + "')");
			}
			if (infoEntry == null || weightsEntry == null)
				throw new LabelFitException(name + " is not a LabelFit model file (no "
					+ (infoEntry == null ? INFO_ENTRY : WEIGHTS_ENTRY) + ")");
			try {
				ModelInfo info = ModelInfo.fromJson(new String(readInfo(zip, infoEntry), StandardCharsets.UTF_8));
				return new LoadedModel(info, readWeights(zip, weightsEntry), file);
			}
			catch (LabelFitException e) {
				throw new LabelFitException(name + ": " + e.getMessage(), e);
			}
		}
		catch (ZipException | EOFException e) {
			throw new LabelFitException(name + " is damaged (" + describe(e) + ")", e);
		}
		catch (IOException e) {
			throw new LabelFitException("could not read " + name + ": " + describe(e), e);
		}
	}

	/**
	 * Loads a model of {@code method} and builds the method's own record from it with {@code build}; a bad field is
	 * reported with the file's name in front.
	 */
	public static <T> T load(Path file, String method, Function<LoadedModel, T> build) {
		LoadedModel loaded = load(file);
		requireMethod(loaded, method);
		try {
			return build.apply(loaded);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(loaded.displayName() + ": " + e.getMessage(), e);
		}
	}

	/** Checks that the model is of the expected method, e.g. before a MetaSeg command uses it. */
	public static void requireMethod(LoadedModel model, String method) {
		String actual = model.info().method();
		if (!actual.equals(method))
			throw new LabelFitException(model.displayName() + " is " + article(actual) + " model, not "
				+ article(method) + " model");
	}

	private static String article(String method) {
		// the method names that start with u (unet, universeg) sound like "you": "a unet model"
		return ("aeio".indexOf(method.charAt(0)) >= 0 ? "an " : "a ") + method;
	}

	private static boolean startsLikeZip(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] magic = in.readNBytes(4);
			// a local file header, or the end record of an empty archive
			return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K'
				&& (magic[2] == 3 && magic[3] == 4 || magic[2] == 5 && magic[3] == 6);
		}
		catch (IOException e) {
			throw new LabelFitException("could not read " + file + ": " + describe(e), e);
		}
	}

	private static byte[] readInfo(ZipFile zip, ZipEntry entry) throws IOException {
		if (entry.getSize() > MAX_INFO_BYTES)
			throw tooLarge(INFO_ENTRY, MAX_INFO_BYTES);
		try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
			// count what actually comes out: the declared size may lie (zip bomb)
			byte[] bytes = in.readNBytes((int) MAX_INFO_BYTES + 1);
			if (bytes.length > MAX_INFO_BYTES)
				throw tooLarge(INFO_ENTRY, MAX_INFO_BYTES);
			checkCrc(entry, in);
			return bytes;
		}
	}

	private static Map<String, Tensor> readWeights(ZipFile zip, ZipEntry entry) throws IOException {
		if (entry.getSize() > MAX_WEIGHTS_BYTES)
			throw tooLarge(WEIGHTS_ENTRY, MAX_WEIGHTS_BYTES);
		try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
			// the header is checked against the entry's declared size before anything is inflated; the reader then
			// counts what actually comes out, stops where its header says and insists on the end of the entry
			Map<String, Tensor> weights = Safetensors.read(in, entry.getSize(), MAX_WEIGHTS_BYTES);
			checkCrc(entry, in);
			return weights;
		}
	}

	private static void checkCrc(ZipEntry entry, CheckedInputStream in) throws ZipException {
		if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc())
			throw new ZipException(entry.getName() + " fails its checksum");
	}

	private static LabelFitException tooLarge(String entry, long limit) {
		return new LabelFitException(entry + " is larger than the limit of " + limit + " bytes");
	}

	private static String describe(IOException e) {
		String m = e.getMessage();
		return (m == null ? e.getClass().getSimpleName() : m).replace('\n', ' ');
	}
}
