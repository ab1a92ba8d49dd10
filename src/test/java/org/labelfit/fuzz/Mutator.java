package org.labelfit.fuzz;

import java.util.List;
import java.util.Random;

/**
 * A format's mutations in groups (say: format-blind, header fields). Each round picks a group, then a mutation in it,
 * so a group of one targeted mutation is as likely as a group of many blind ones. Most inputs get one round, so they
 * stay close to valid and get past the first checks; some get up to four.
 */
final class Mutator implements Mutation {

	private final List<List<Mutation>> groups;

	@SafeVarargs
	Mutator(List<Mutation>... groups) {
		this.groups = List.of(groups);
	}

	@Override
	public byte[] apply(byte[] file, Random random) {
		int rounds = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(3);
		byte[] out = file;
		for (int i = 0; i < rounds; i++) {
			List<Mutation> group = groups.get(random.nextInt(groups.size()));
			out = group.get(random.nextInt(group.size())).apply(out, random);
		}
		return out;
	}
}
