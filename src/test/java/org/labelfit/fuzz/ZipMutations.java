package org.labelfit.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.labelfit.fuzz.ZipArchive.Member;

/**
 * Damage to zip-based files (model files, .npz): one member unzipped, mutated as what it is and zipped again, or the
 * archive's structure changed (members dropped, repeated, renamed, added, reordered, stored instead of deflated), or
 * a member replaced by a bomb that inflates to a GiB.
 */
final class ZipMutations {

	/** Names an archive must not be trusted with: paths out of the folder, separators, case and control tricks. */
	private static final String[] NAMES = { "../model.json", "../../evil.npy", "/tmp/evil.npy", "a\\b.npy", "c:d.npy", "dir/", "MODEL.JSON",
		"", "model.json\n", "w\nx.npy", "x".repeat(300), "weights.safetensors/", "\u00e9.npy", "model.json\0" };

	/** Bombs cost seconds each, so one bomb round in this many becomes one. */
	private static final int BOMB_RARITY = 50;
	private static final Mutation BLIND = new Mutator(ByteMutations.all());

	private final Map<String, Mutation> bySuffix;
	private final List<Member> bombs;

	/**
	 * @param bySuffix how to mutate a member, by the end of its name (".json", ".npy"); other members get blind damage
	 * @param bombs    members that inflate to a GiB, put in place of a member of the same kind; none for quick runs
	 */
	ZipMutations(Map<String, Mutation> bySuffix, List<Member> bombs) {
		this.bySuffix = bySuffix;
		this.bombs = bombs;
	}

	/** Member mutations (twice as likely as the others), structural ones, and bombs where there are any. */
	List<Mutation> all() {
		List<Mutation> all = new ArrayList<>(List.of(members(this::mutateMember), members(this::mutateMember),
			members(ZipMutations::drop), members(ZipMutations::repeat), members(ZipMutations::rename),
			members(ZipMutations::addExtra), members(ZipMutations::switchMethod), members(ZipMutations::reorder)));
		if (!bombs.isEmpty()) all.add(members(this::bomb));
		return all;
	}

	/** {@code mutation} applied to a member whose name ends with {@code suffix}; blind damage if there is none. */
	static Mutation inMember(String suffix, Mutation mutation) {
		return members((members, random) -> {
			List<Integer> matching = new ArrayList<>();
			for (int i = 0; i < members.size(); i++)
				if (members.get(i).name().endsWith(suffix)) matching.add(i);
			int i = matching.isEmpty() ? random.nextInt(members.size()) : matching.get(random.nextInt(matching.size()));
			Mutation m = matching.isEmpty() ? BLIND : mutation;
			members.set(i, members.get(i).withData(m.apply(members.get(i).data(), random)));
		});
	}

	private interface MemberMutation {
		void apply(List<Member> members, Random random);
	}

	private static Mutation members(MemberMutation m) {
		return (file, random) -> {
			List<Member> read = ZipArchive.read(file);
			if (read == null) return ByteMutations.flipBytes(file, random);
			List<Member> members = new ArrayList<>(read);
			m.apply(members, random);
			return ZipArchive.write(members);
		};
	}

	private void mutateMember(List<Member> members, Random random) {
		int i = random.nextInt(members.size());
		Member m = members.get(i);
		Mutation mutation = bySuffix.entrySet().stream().filter(e -> m.name().endsWith(e.getKey())).map(Map.Entry::getValue)
			.findFirst().orElse(BLIND);
		members.set(i, m.withData(mutation.apply(m.data(), random)));
	}

	private static void drop(List<Member> members, Random random) {
		members.remove(random.nextInt(members.size()));
	}

	/** The same name twice: which one a reader takes decides what it checks. */
	private static void repeat(List<Member> members, Random random) {
		Member m = members.get(random.nextInt(members.size()));
		members.add(random.nextInt(members.size() + 1), m.withData(ByteMutations.flipBytes(m.data(), random)));
	}

	private static void rename(List<Member> members, Random random) {
		int i = random.nextInt(members.size());
		members.set(i, members.get(i).withName(NAMES[random.nextInt(NAMES.length)]));
	}

	private static void addExtra(List<Member> members, Random random) {
		byte[] data = new byte[random.nextInt(64)];
		random.nextBytes(data);
		members.add(random.nextInt(members.size() + 1), Member.of(NAMES[random.nextInt(NAMES.length)], ZipArchive.DEFLATED, data));
	}

	private static void switchMethod(List<Member> members, Random random) {
		int i = random.nextInt(members.size());
		Member m = members.get(i);
		members.set(i, m.withMethod(m.method() == ZipArchive.STORED ? ZipArchive.DEFLATED : ZipArchive.STORED));
	}

	private static void reorder(List<Member> members, Random random) {
		Collections.shuffle(members, random);
	}

	/** Rarely, a bomb in place of a member of its kind (a weights file, an array), or of any member when there is none. */
	private void bomb(List<Member> members, Random random) {
		if (random.nextInt(BOMB_RARITY) != 0) {
			mutateMember(members, random);
			return;
		}
		Member bomb = bombs.get(random.nextInt(bombs.size()));
		String kind = bomb.name().substring(bomb.name().lastIndexOf('.'));
		List<Integer> sameKind = new ArrayList<>();
		for (int i = 0; i < members.size(); i++)
			if (members.get(i).name().endsWith(kind)) sameKind.add(i);
		int i = sameKind.isEmpty() ? random.nextInt(members.size()) : sameKind.get(random.nextInt(sameKind.size()));
		members.set(i, bomb.withName(members.get(i).name()));
	}
}
