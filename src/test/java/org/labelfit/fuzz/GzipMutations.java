package org.labelfit.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Damage to gzip files (.nii.gz): mostly the content, mutated as what it is and compressed again; else the gzip bytes. */
final class GzipMutations {

	/** Content larger than this (a much-extended earlier round) is not unzipped again. */
	private static final int MAX_CONTENT = 64 << 20;

	private GzipMutations() {}

	/** {@code content} four times as likely as blind damage to the compressed bytes. */
	static List<Mutation> around(Mutation content) {
		Mutation inside = (file, random) -> inside(file, random, content);
		return List.of(inside, inside, inside, inside, new Mutator(ByteMutations.all()));
	}

	private static byte[] inside(byte[] file, Random random, Mutation content) {
		byte[] plain = gunzip(file);
		return plain == null ? ByteMutations.flipBytes(file, random) : gzip(content.apply(plain, random));
	}

	/** The content, or null when {@code file} is no longer a whole gzip stream. */
	private static byte[] gunzip(byte[] file) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
			byte[] plain = in.readNBytes(MAX_CONTENT + 1);
			return plain.length > MAX_CONTENT ? null : plain;
		}
		catch (IOException e) {
			return null;
		}
	}

	static byte[] gzip(byte[] plain) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(plain);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}
}
