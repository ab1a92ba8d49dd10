package org.labelfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Checks the packaging inputs that the pom puts into the Fiji plugin jar: the
 * repo-root {@code plugins.config} is copied to the class path root, and every
 * ImageJ 1.x menu entry in it names a class that exists.
 */
class PackagingTest {

	/** {@code <menu>, "<label>", <class>[("<arg>")]}, as ImageJ 1.x reads it. */
	private static final Pattern ENTRY = Pattern.compile(
		"\\s*([^,\"]+?)\\s*,\\s*\"([^\"]+)\"\\s*,\\s*([A-Za-z_$][\\w$.]*)\\s*(\\(\"[^\"]*\"\\))?\\s*");

	@Test
	void pluginsConfigIsOnClassPathRootAndNamesExistingClasses() throws IOException {
		URL url = PackagingTest.class.getResource("/plugins.config");
		assertNotNull(url, "plugins.config is not at the class path root (pom <resources>)");
		List<String> problems = new ArrayList<>();
		try (InputStream in = url.openStream();
			BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
		{
			String line;
			int n = 0;
			while ((line = r.readLine()) != null) {
				n++;
				String t = line.trim();
				if (t.isEmpty() || t.startsWith("#")) continue;
				Matcher m = ENTRY.matcher(t);
				if (!m.matches()) {
					problems.add("line " + n + ": not <menu>, \"<label>\", <class>: " + t);
					continue;
				}
				String cls = m.group(3);
				try {
					Class.forName(cls, false, PackagingTest.class.getClassLoader());
				}
				catch (ClassNotFoundException e) {
					problems.add("line " + n + ": class not found: " + cls);
				}
			}
		}
		if (!problems.isEmpty()) fail(String.join("\n", problems));
	}

	@Test
	void entryPatternAcceptsImageJSyntax() {
		Matcher m = ENTRY.matcher("Plugins>LabelFit, \"MetaSeg Segment...\", org.labelfit.ij.MetaSeg_(\"fit\")");
		assertTrue(m.matches());
		assertEquals("Plugins>LabelFit", m.group(1));
		assertEquals("org.labelfit.ij.MetaSeg_", m.group(3));
		assertTrue(ENTRY.matcher("Help>About Plugins, \"LabelFit...\", org.labelfit.ij.About_").matches());
	}
}
