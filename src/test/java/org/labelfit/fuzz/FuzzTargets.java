package org.labelfit.fuzz;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.labelfit.io.ImageFiles;
import org.labelfit.io.Nifti;
import org.labelfit.io.Npy;
import org.labelfit.metaseg.MetaSegModelFile;
import org.labelfit.model.ModelFile;
import org.labelfit.model.Safetensors;
import org.labelfit.unet.UNetModelFile;
import org.labelfit.universeg.UniverSegModelFile;
import org.labelfit.universeg.UniverSegWeights;

/** Every entry point that reads a file a user names. A new reader or importer (Pix2Rep, OSS-Net) is one more line. */
final class FuzzTargets {

	/** As much as UniverSegWeights lets one .npz member hold: its 1 GiB budget in floats. */
	private static final long NPY_ELEMENTS = 1L << 28;

	private FuzzTargets() {}

	static List<FuzzTarget> all(Formats f) {
		return List.of(
			new FuzzTarget("model-file", "ModelFile.load", ".labelfit", SeedFiles::models, f.modelFile(), ModelFile::load),
			new FuzzTarget("metaseg-model", "MetaSegModelFile.load", ".labelfit", SeedFiles::metaSegModel, f.modelFile(),
				MetaSegModelFile::load),
			new FuzzTarget("universeg-model", "UniverSegModelFile.load", ".labelfit", SeedFiles::universegModel, f.modelFile(),
				UniverSegModelFile::load),
			new FuzzTarget("unet-model", "UNetModelFile.load", ".labelfit", SeedFiles::unetModel, f.modelFile(), UNetModelFile::load),
			new FuzzTarget("safetensors", "Safetensors.read(byte[])", ".safetensors", SeedFiles::safetensors, f.safetensors(),
				file -> Safetensors.read(Files.readAllBytes(file), ModelFile.MAX_WEIGHTS_BYTES)),
			new FuzzTarget("safetensors-stream", "Safetensors.read(InputStream)", ".safetensors", SeedFiles::safetensors,
				f.safetensors(), file -> read(file, in -> Safetensors.read(in, -1, ModelFile.MAX_WEIGHTS_BYTES))),
			new FuzzTarget("npy-array", "Npy.readArray", ".npy", SeedFiles::npyArrays, f.npy(),
				file -> read(file, in -> Npy.readArray(in, file.getFileName().toString(), NPY_ELEMENTS))),
			new FuzzTarget("npy-image", "ImageFiles.read (Npy.read)", ".npy", SeedFiles::npyImages, f.npy(), ImageFiles::read),
			new FuzzTarget("universeg-npz", "UniverSegWeights.read (.npz)", ".npz", SeedFiles::universegNpz, f.npz(),
				file -> UniverSegWeights.read(file, SeedFiles.UNIVERSEG)),
			new FuzzTarget("universeg-safetensors", "UniverSegWeights.read (.safetensors)", ".safetensors",
				SeedFiles::universegSafetensors, f.safetensors(), file -> UniverSegWeights.read(file, SeedFiles.UNIVERSEG)),
			new FuzzTarget("nifti", "Nifti.read (.nii)", ".nii", () -> SeedFiles.nifti(".nii"), f.nifti(), Nifti::read),
			new FuzzTarget("nifti-gz", "Nifti.read (.nii.gz)", ".nii.gz", () -> SeedFiles.nifti(".nii.gz"), f.niftiGz(), Nifti::read),
			new FuzzTarget("tiff", "ImageFiles.read (.tif)", ".tif", SeedFiles::tiff, f.tiff(), ImageFiles::read),
			new FuzzTarget("png", "ImageFiles.read (.png)", ".png", SeedFiles::png, f.png(), ImageFiles::read));
	}

	private interface StreamReader {
		void read(InputStream in) throws Exception;
	}

	private static void read(Path file, StreamReader reader) throws Exception {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			reader.read(in);
		}
	}
}
