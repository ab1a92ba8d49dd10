package org.labelfit.metaseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.model.LoadedModel;
import org.labelfit.model.ModelFile;
import org.labelfit.model.ModelFiles;
import org.labelfit.model.Tensor;

/** Issue 8: every number in a MetaSeg model.json is checked against its range before it sizes the network. */
class MetaSegModelFileTest {

	@TempDir
	Path dir;
	Path saved;

	@BeforeEach
	void saveATinyModel() {
		SirenConfig c = new SirenConfig("tiny", 2, 4, 2, 3, 30);
		List<float[]> weights = new ArrayList<>();
		for (long[] shape : c.parameterShapes())
			weights.add(new float[(int) Tensor.elementCount(shape)]);
		weights.get(0)[1] = 0.5f;
		saved = dir.resolve("tiny.labelfit");
		MetaSegModelFile.save(saved, new MetaSegModel(c, 16, 10, 1e-4, 2, 1, List.of("background", "a", "b"), weights, Map.of()),
			() -> false);
	}

	String problem(String section, String key, Number value) {
		Path file = ModelFiles.copyWith(saved, section, key, value);
		return assertThrows(LabelFitException.class, () -> MetaSegModelFile.load(file)).getMessage();
	}

	@Test
	void aValidModelLoads() {
		MetaSegModel m = MetaSegModelFile.load(saved);
		assertEquals(new SirenConfig("tiny", 2, 4, 2, 3, 30), m.config());
		assertEquals(0.5f, m.weights().get(0)[1]);
		assertEquals(10, m.fitSteps());
	}

	@Test
	void refusesArchitecturesOutsideTheirRange() {
		// 2^31 - 1 sine layers ran the heap out listing the parameter shapes
		assertEquals("bad.labelfit: model.json: field 'architecture.sine_layers' must be between 1 and 16, not 2147483647",
			problem("architecture", "sine_layers", Integer.MAX_VALUE));
		assertEquals("bad.labelfit: model.json: field 'architecture.width' must be between 1 and 1024, not 1000000000",
			problem("architecture", "width", 1_000_000_000));
		assertEquals("bad.labelfit: model.json: field 'architecture.classes' must be between 2 and 1024, not 65536",
			problem("architecture", "classes", 65536));
		assertEquals("bad.labelfit: model.json: field 'architecture.omega0' must be between 0.001 and 1000.0, not 1.0E300",
			problem("architecture", "omega0", 1e300));
	}

	@Test
	void refusesInferenceSettingsOutsideTheirRange() {
		assertEquals("bad.labelfit: model.json: field 'preprocessing.fit_steps' must be between 1 and 100000, not 2147483647",
			problem("preprocessing", "fit_steps", Integer.MAX_VALUE));
		assertEquals("bad.labelfit: model.json: field 'preprocessing.stride' must be between 1 and 64, not 2147483647",
			problem("preprocessing", "stride", Integer.MAX_VALUE));
		assertEquals("bad.labelfit: model.json: field 'preprocessing.size' must be between 8 and 1024, not 0",
			problem("preprocessing", "size", 0));
		assertEquals("bad.labelfit: model.json: field 'preprocessing.focal_gamma' must be between 0.0 and 100.0, not -1.0",
			problem("preprocessing", "focal_gamma", -1));
	}

	@Test
	void refusesWeightsBeyondTheArchitecture() {
		LoadedModel m = ModelFile.load(saved);
		Map<String, Tensor> weights = new LinkedHashMap<>(m.weights());
		weights.put("extra", Tensor.vector(1, 2, 3));
		Path file = dir.resolve("extra.labelfit");
		ModelFile.save(file, m.info(), weights);
		long values = new SirenConfig("tiny", 2, 4, 2, 3, 30).parameterCount();
		assertEquals("extra.labelfit: model.json's architecture has " + values + " weight values, but the weights hold " + (values + 3),
			assertThrows(LabelFitException.class, () -> MetaSegModelFile.load(file)).getMessage());
		assertArrayEquals(new long[] { 4, 2 }, m.weights().get("inr.net.0.linear.weight").shape());
	}
}
