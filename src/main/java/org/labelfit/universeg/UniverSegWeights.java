package org.labelfit.universeg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.labelfit.LabelFitException;
import org.labelfit.Quoted;
import org.labelfit.io.Npy;
import org.labelfit.model.Safetensors;
import org.labelfit.model.Tensor;

/**
 * Reads a UniverSeg state dict saved as safetensors or NumPy .npz, keyed by the official names.
 * PyTorch's own .pt pickles are not read (unpickling runs code); the README gives the one-line conversion.
 */
public final class UniverSegWeights {

	/** Far above v1's 4.7 MB, far below anything that could exhaust memory. */
	static final long MAX_BYTES = 1L << 30;

	private UniverSegWeights() {}

	/** The tensors of {@code file} by name, checked against {@code config}: a missing, extra or misshapen tensor is named. */
	public static Map<String, Tensor> read(Path file, UniverSegConfig config) {
		String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
		if (!Files.isRegularFile(file)) throw new LabelFitException("weights file " + file + " does not exist");
		String lower = name.toLowerCase(java.util.Locale.ROOT);
		Map<String, Tensor> weights;
		try {
			if (lower.endsWith(".safetensors")) weights = safetensors(file);
			else if (lower.endsWith(".npz")) weights = npz(file, name);
			else if (lower.endsWith(".pt") || lower.endsWith(".pth"))
				throw new LabelFitException(name + " is a PyTorch pickle, which LabelFit does not execute; convert it first: python3 -c " +
					"\"import torch, numpy; sd = torch.load('" + name + "', map_location='cpu'); numpy.savez('universeg_v1.npz', " +
					"**{k: v.numpy() for k, v in sd.items()})\"");
			else throw new LabelFitException(name + ": expected a .safetensors or .npz weights file");
		}
		catch (IOException e) {
			throw new LabelFitException("could not read " + name + ": " + e.getMessage(), e);
		}
		try {
			config.requireWeights(weights);
		}
		catch (LabelFitException e) {
			throw new LabelFitException(name + ": " + e.getMessage() + "; is this a UniverSeg " + config + " state dict?", e);
		}
		return weights;
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
