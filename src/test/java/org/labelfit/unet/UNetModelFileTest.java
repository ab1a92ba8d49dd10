package org.labelfit.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.model.ModelFiles;

/** Issue 8: every number in a U-Net model.json is checked against its range before it sizes the network. */
class UNetModelFileTest {

	static final UNetConfig TINY = UNetConfig.buda(1, 2).withFeatures(2).withDepth(1);

	@TempDir
	Path dir;
	Path saved;

	@BeforeEach
	void saveATinyModel() {
		saved = dir.resolve("tiny.labelfit");
		UNetModelFile.save(saved, new UNetModel(TINY, 8, List.of("background", "fg"), ModelFiles.zeros(TINY.tensorShapes()), Map.of()),
			() -> false);
	}

	String problem(String key, int value) {
		Path file = ModelFiles.copyWith(saved, key.equals("size") ? "preprocessing" : "architecture", key, value);
		return assertThrows(LabelFitException.class, () -> UNetModelFile.load(file)).getMessage();
	}

	@Test
	void refusesArchitecturesOutsideTheirRange() {
		assertEquals(TINY, UNetModelFile.load(saved).config());
		assertEquals("bad.labelfit: model.json: field 'architecture.depth' must be between 1 and 8, not 9", problem("depth", 9));
		// the base features allowed shrink with the depth: the bottleneck has 2^depth times as many
		assertEquals("bad.labelfit: model.json: field 'architecture.features' must be between 1 and 32768, not 2147483647",
			problem("features", Integer.MAX_VALUE));
		assertEquals("bad.labelfit: model.json: field 'architecture.in_channels' must be between 1 and 65536, not 2147483647",
			problem("in_channels", Integer.MAX_VALUE));
		assertEquals("bad.labelfit: model.json: field 'architecture.classes' must be between 1 and 1024, not 0", problem("classes", 0));
		assertEquals("bad.labelfit: model.json: field 'preprocessing.size' must be between 1 and 1024, not 2147483647",
			problem("size", Integer.MAX_VALUE));
	}
}
