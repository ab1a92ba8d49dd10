package org.labelfit.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;
import org.labelfit.Version;
import org.labelfit.io.Npy;

/**
 * A PyTorch state dict saved as safetensors or NumPy .npz, as the official weights of the imported methods are.
 * PyTorch's own .pt pickles are not read (unpickling runs code); the error gives the one-line conversion.
 */
public final class StateDictFile {

	/** Far above any imported network, far below anything that could exhaust memory. */
	public static final long MAX_BYTES = 1L << 30;

	private StateDictFile() {}

	/** The tensors of {@code file} by name; {@code convertedName} is the .npz the conversion hint for a .pt file writes. */
	public static Map<String, Tensor> read(Path file, String convertedName) {
		String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
		if (!Files.isRegularFile(file)) throw new LabelFitException("weights file " + file + " does not exist");
		String lower = name.toLowerCase(Locale.ROOT);
		try {
			if (lower.endsWith(".safetensors")) return safetensors(file);
			if (lower.endsWith(".npz")) return npz(file, name);
			if (lower.endsWith(".pt") || lower.endsWith(".pth"))
				throw new LabelFitException(name + " is a PyTorch pickle, which LabelFit does not execute; convert it first: python3 -c " +
					"\"import torch, numpy; sd = torch.load('" + name + "', map_location='cpu'); numpy.savez('" + convertedName + "', " +
					"**{k: v.numpy() for k, v in sd.items()})\"");
			throw new LabelFitException(name + ": expected a .safetensors or .npz weights file");
		}
		catch (IOException e) {
			throw new LabelFitException("could not read " + name + ": " + e.getMessage(), e);
		}
	}

	/**
	 * What every imported model records of where its weights came from: {@code source}, the file's name and SHA-256,
	 * when, the command and LabelFit's version (a modifiable map, for method-specific entries).
	 */
	public static Map<String, Object> importProvenance(Path weights, String source, String command) {
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("source", source);
		provenance.put("weights_file", String.valueOf(weights.getFileName()));
		provenance.put("weights_sha256", sha256(weights));
		provenance.put("imported_at", Instant.now().toString());
		provenance.put("command", command);
		provenance.put("labelfit_version", Version.get());
		return provenance;
	}

	/** The file's SHA-256 in hex, recorded as the provenance of imported weights. */
	public static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int n; (n = in.read(buffer)) > 0;) digest.update(buffer, 0, n);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException e) {
			throw new LabelFitException("could not read " + file + ": " + e.getMessage(), e);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Map<String, Tensor> safetensors(Path file) throws IOException {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			return Safetensors.read(in, Files.size(file), MAX_BYTES);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(file.getFileName() + ": " + e.getMessage(), e);
		}
	}

	/** An .npz is a zip of one .npy per array, named after the key. */
	private static Map<String, Tensor> npz(Path file, String name) throws IOException {
		Map<String, Tensor> out = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			long total = 0;
			while (entries.hasMoreElements()) {
				ZipEntry e = entries.nextElement();
				if (e.isDirectory()) continue;
				String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
				try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
					Npy.Array a = Npy.readArray(in, name + ":" + Quoted.of(e.getName()), (MAX_BYTES - total) / 4);
					total += 4L * a.data().length;
					out.put(key, Tensor.adopt(a.shape(), a.data())); // the array is new: no second copy
				}
			}
		}
		catch (ZipException e) {
			throw new LabelFitException(name + " is not a valid .npz archive (" + e.getMessage() + ")", e);
		}
		return out;
	}
}
