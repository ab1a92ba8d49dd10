package org.labelfit.fuzz;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * One reader entry point under test: what it is called, the file name extension it expects, the valid files to start
 * from and how to damage them.
 *
 * @param name       short and path-safe: it names the folder of saved failures
 * @param entryPoint the public method fed the files, for the report
 */
record FuzzTarget(String name, String entryPoint, String extension, Supplier<List<byte[]>> seeds, Mutation mutator, Reader reader) {

	/** Reads a file the way a LabelFit command does; the result is dropped. */
	@FunctionalInterface
	interface Reader {
		void read(Path file) throws Exception;
	}

	@Override
	public String toString() {
		return name;
	}
}
