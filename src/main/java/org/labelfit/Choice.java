package org.labelfit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads an option value spelled as an enum constant's name in any case, as the command line and the macros spell it. */
public final class Choice {

	private Choice() {}

	/** The constant of {@code type} named {@code name} (any case, trimmed); else "{@code what} must be a or b, not 'x'". */
	public static <E extends Enum<E>> E of(Class<E> type, String what, String name) {
		for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(name == null ? "" : name.trim())) return e;
		String names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "));
		throw new LabelFitException(what + " must be " + names + ", not '" + name + "'");
	}
}
