package org.labelfit.fuzz;

import java.util.List;
import java.util.Map;

/**
 * The mutator of each file format LabelFit reads: format-blind damage and damage that knows the format, in equal parts
 * (zip formats: two parts structure and members, one part blind damage to the archive).
 */
final class Formats {

	private final boolean bombs;

	/** @param bombs whether zip formats may get a member that inflates to a GiB (seconds per input; benchmark only) */
	Formats(boolean bombs) {
		this.bombs = bombs;
	}

	Mutation nifti() {
		return new Mutator(ByteMutations.all(), NiftiFields.mutations());
	}

	Mutation niftiGz() {
		return new Mutator(GzipMutations.around(nifti()));
	}

	Mutation npy() {
		return new Mutator(ByteMutations.all(), NpyMutations.all());
	}

	Mutation safetensors() {
		return new Mutator(ByteMutations.all(), SafetensorsMutations.all());
	}

	Mutation tiff() {
		return new Mutator(ByteMutations.all(), TiffFields.mutations());
	}

	/** Half of all PNG inputs get their chunk checksums fixed after the damage, so that the damage is decoded. */
	Mutation png() {
		Mutator damage = new Mutator(ByteMutations.all(), List.of(Field.corrupting(PngFields::locate)));
		return (file, random) -> {
			byte[] out = damage.apply(file, random);
			return random.nextBoolean() ? PngFields.fixCrcs(out) : out;
		};
	}

	/**
	 * A LabelFit model file: model.json and weights.safetensors in a zip. One round in four puts an edge number in a
	 * field of model.json, which each method reads as a size ("sine_layers": 2147483647): among all the other
	 * mutations, one field of about fifteen would rarely get one.
	 */
	Mutation modelFile() {
		Mutator json = new Mutator(JsonMutations.all(), ByteMutations.all());
		ZipMutations zip = new ZipMutations(Map.of(".json", json, ".safetensors", safetensors()),
			bombs ? List.of(Bombs.weights()) : List.of());
		return new Mutator(zip.all(), zip.all(), ByteMutations.all(), List.of(ZipMutations.inMember(".json", JsonMutations.fieldNumber())));
	}

	/** NumPy's savez: one .npy per array in a zip. */
	Mutation npz() {
		ZipMutations zip = new ZipMutations(Map.of(".npy", npy()), bombs ? List.of(Bombs.array()) : List.of());
		return new Mutator(zip.all(), zip.all(), ByteMutations.all());
	}
}
