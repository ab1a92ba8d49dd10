package org.labelfit.ossnet;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.labelfit.mesh.Components;
import org.labelfit.mesh.SurfaceMesh;

/** The official mesh export (spec §5, for visualisation): components under 12³ voxels removed, the surface at 0.5. */
final class OssNetMeshes {

	private OssNetMeshes() {}

	static SurfaceMesh of(Img<UnsignedShortType> labels, double[] spacing) {
		int[] dims = new int[3];
		for (int d = 0; d < 3; d++) dims[d] = d < labels.numDimensions() ? (int) labels.dimension(d) : 1;
		boolean[] mask = new boolean[dims[0] * dims[1] * dims[2]];
		Cursor<UnsignedShortType> c = labels.localizingCursor();
		long[] at = new long[labels.numDimensions()];
		while (c.hasNext()) {
			int v = c.next().get();
			if (v == 0) continue;
			c.localize(at);
			mask[(int) ((at.length > 2 ? at[2] : 0) * dims[1] + at[1]) * dims[0] + (int) at[0]] = true;
		}
		double[] s = new double[3];
		for (int d = 0; d < 3; d++) s[d] = spacing != null && d < spacing.length && spacing[d] > 0 ? spacing[d] : 1;
		return SurfaceMesh.of(Components.withoutSmall(mask, dims, SurfaceMesh.MIN_COMPONENT_VOXELS), dims, s);
	}
}
