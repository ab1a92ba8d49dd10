package org.labelfit.fuzz;

import java.util.Random;

/** One way of damaging a file. All randomness comes from {@code random}, so a run is repeatable from its seed. */
@FunctionalInterface
interface Mutation {

	/** A damaged copy of {@code file}; {@code file} itself is left as it is. */
	byte[] apply(byte[] file, Random random);
}
