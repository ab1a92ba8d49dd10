package org.labelfit;

/** LabelFit's version as the jar manifest gives it, recorded in every model's provenance. */
public final class Version {

	private Version() {}

	public static String get() {
		String v = Version.class.getPackage().getImplementationVersion();
		return v == null ? "development" : v;
	}
}
