package org.labelfit.metaseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfit.LabelFitException;
import org.labelfit.batch.BatchJob;
import org.labelfit.batch.LocalRunner;
import org.labelfit.batch.Shard;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.io.Nifti;
import org.labelfit.io.NiftiDataType;
import org.labelfit.io.NiftiHeader;
import org.labelfit.sample.Phantoms;
import org.labelfit.sample.Subject;
import org.labelfit.train.LossHistory;
import org.labelfit.train.Progress;

/** The 3D configuration and volumes: a 3D model on a strided grid, a 2D model slice by slice, NIfTI geometry kept. */
class MetaSeg3dTest {

	@TempDir
	Path dir;

	/** Writes phantom volumes as NIfTI with a non-trivial geometry, images and labels in one folder. */
	private void writeVolumes(int count) {
		for (int i = 0; i < count; i++) {
			Subject s = Phantoms.generate3D(7, i, 24, 12);
			NiftiHeader header = NiftiHeader.create(new long[] { 24, 24, 12 }, new double[] { 1.5, 1.5, 3 }, NiftiDataType.FLOAT32);
			Nifti.write(dir.resolve("v" + i + "_img.nii.gz"), s.imageImg(), header);
			Nifti.write(dir.resolve("v" + i + "_gt.nii.gz"), s.labelImg(), header.forLabels());
		}
	}

	private MetaSeg.TrainRequest request(String config, int outerSteps) {
		return new MetaSeg.TrainRequest(dir + "/*_img.nii.gz", dir + "/*_gt.nii.gz", "_img", "_gt", config, 0, Phantoms.CLASS_NAMES,
			24, outerSteps, 3, false, 1, 2, 0, "cpu", "MetaSeg3dTest");
	}

	@Test
	void threeDimensionalModelLabelsTheWholeVolumeAndKeepsItsGeometry() {
		writeVolumes(2);
		Path model = dir.resolve("m3d.labelfit");
		MetaSeg.train(request("3d", 2), model, false, Progress.NONE, new LossHistory());
		MetaSegModel m = MetaSegModelFile.load(model);
		assertEquals(3, m.config().inputDims());
		assertEquals(2, m.stride());
		assertEquals(3.0, m.gamma()); // the paper's 3D focal γ
		assertEquals(0.1, ((java.util.Map<?, ?>) m.provenance().get("settings")).get("backgroundWeight")); // 3D weighted MSE
		Path out = dir.resolve("out");
		List<Path> written = label(model, dir + "/v0_img.nii.gz", out);
		assertEquals(List.of(out.resolve("v0_img_labels.nii.gz")), written);
		NiftiHeader in = Nifti.readHeader(dir.resolve("v0_img.nii.gz")), labels = Nifti.readHeader(written.get(0));
		assertArrayEquals(in.dims(), labels.dims());
		assertArrayEquals(in.spacing(), labels.spacing(), 1e-9);
		assertArrayEquals(in.srow()[0], labels.srow()[0], 1e-9);
		assertEquals(NiftiDataType.UINT16, labels.datatype());
	}

	@Test
	void twoDimensionalModelSegmentsAVolumeSliceBySlice() {
		writeVolumes(2);
		Path model = dir.resolve("m2d.labelfit");
		MetaSeg.train(request("2d", 2), model, false, Progress.NONE, new LossHistory());
		MetaSegModel m = MetaSegModelFile.load(model);
		// training used the labelled slices of both volumes, not the volumes
		assertTrue(((Number) m.provenance().get("samples")).intValue() > 2);
		ImageData volume = ImageFiles.read(dir.resolve("v1_img.nii.gz"));
		Img<UnsignedShortType> labels = MetaSeg.label(m, volume, 2, 1, "cpu", Progress.NONE);
		assertArrayEquals(new long[] { 24, 24, 12 }, labels.dimensionsAsLongArray());
	}

	@Test
	void modelAndImageDimensionalityMustAgree() throws Exception {
		writeVolumes(2);
		Path model = dir.resolve("m3d.labelfit");
		MetaSeg.train(request("3d", 1), model, false, Progress.NONE, new LossHistory());
		Path flat = dir.resolve("flat.tif");
		ImageFiles.writeImage(flat, new ij.ImagePlus("flat", new ij.process.FloatProcessor(24, 24, Phantoms.generate2D(7, 0, 24).image())));
		LabelFitException e = assertThrows(LabelFitException.class,
			() -> label(model, flat.toString(), dir.resolve("flat_labels.tif")));
		assertTrue(e.getMessage().contains("3D model"), e.getMessage());
		assertTrue(Files.notExists(dir.resolve("flat_labels.tif")));
	}

	private static List<Path> label(Path model, String input, Path out) {
		BatchJob job = BatchJob.of(new MetaSegBatch(0, 1, false), model, input, out, "cpu", false, Shard.ALL);
		return LocalRunner.run(job, false, Progress.NONE).requireNoFailures().written();
	}
}
