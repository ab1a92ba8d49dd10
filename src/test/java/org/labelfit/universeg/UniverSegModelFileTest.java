package org.labelfit.universeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.model.ModelFiles;

/** Issue 8: the encoder widths and grid size in a UniverSeg model.json are checked before they size anything. */
class UniverSegModelFileTest {

	@TempDir
	Path dir;
	Path saved;

	@BeforeEach
	void saveATinyModel() {
		UniverSegConfig c = UniverSegConfig.uniform(2, 2);
		saved = dir.resolve("tiny.labelfit");
		UniverSegModelFile.save(saved, new UniverSegModel(c, 16, ModelFiles.zeros(c.tensorShapes()), null, Map.of()), () -> false);
	}

	String problem(String section, String key, Object value) {
		Path file = ModelFiles.copyWith(saved, section, key, value);
		return assertThrows(LabelFitException.class, () -> UniverSegModelFile.load(file)).getMessage();
	}

	@Test
	void refusesEncodersAndGridsOutsideTheirRange() {
		assertEquals(UniverSegConfig.uniform(2, 2), UniverSegModelFile.load(saved).config());
		assertEquals("bad.labelfit: model.json: field 'architecture.encoder_blocks' must be a list of 2 to 6 integers, not 7",
			problem("architecture", "encoder_blocks", new int[7]));
		assertEquals("bad.labelfit: model.json: field 'architecture.encoder_blocks[1]' must be between 1 and 1024, not 2147483647",
			problem("architecture", "encoder_blocks", new int[] { 2, Integer.MAX_VALUE }));
		assertEquals("bad.labelfit: model.json: field 'preprocessing.size' must be between 1 and 1024, not 1048576",
			problem("preprocessing", "size", 1 << 20));
	}
}
