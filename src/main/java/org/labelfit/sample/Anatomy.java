package org.labelfit.sample;

import java.util.SplittableRandom;

/**
 * Random brain-like geometry in normalized coordinates (u, v, w) in [-1, 1]³ (v grows downwards,
 * anterior at the top), classified point by point into the {@link Phantoms} classes.
 * <p>
 * The brain is an ellipsoid whose radius varies with low-order Fourier terms of the azimuth and with the
 * elevation. From the outside in: a thin CSF layer (deepened by sulci), a folded grey-matter ribbon,
 * white matter holding two ventricles (CSF) and two deep grey nuclei.
 */
final class Anatomy {

	/** An ellipsoid in unit-brain coordinates, rotated by {@code angle} in the axial plane. */
	private record Blob(double x, double y, double z, double a, double b, double c, double cos, double sin) {

		static Blob of(double x, double y, double z, double a, double b, double c, double angle) {
			return new Blob(x, y, z, a, b, c, Math.cos(angle), Math.sin(angle));
		}

		boolean contains(double px, double py, double pz) {
			double dx = px - x, dy = py - y, dz = (pz - z) / c;
			double rx = (dx * cos + dy * sin) / a, ry = (-dx * sin + dy * cos) / b;
			return rx * rx + ry * ry + dz * dz <= 1;
		}
	}

	private final double cx, cy, cz, cos, sin, ax, ay, az;
	private final double[] harmonicCos = new double[3], harmonicSin = new double[3];
	private final double elevation1, elevation2;
	private final double csfThickness, gmThickness, foldDepth, foldPhase;
	private final int folds;
	private final Blob[] ventricles, nuclei;

	Anatomy(SplittableRandom rng) {
		cx = uniform(rng, -0.03, 0.03);
		cy = uniform(rng, -0.03, 0.03);
		cz = uniform(rng, -0.03, 0.03);
		double angle = uniform(rng, -0.12, 0.12);
		cos = Math.cos(angle);
		sin = Math.sin(angle);
		ax = uniform(rng, 0.66, 0.74);
		ay = uniform(rng, 0.80, 0.88);
		az = uniform(rng, 0.78, 0.88);
		for (int k = 0; k < 3; k++) {
			harmonicCos[k] = uniform(rng, -0.025, 0.025);
			harmonicSin[k] = uniform(rng, -0.025, 0.025);
		}
		elevation1 = uniform(rng, -0.04, 0.04);
		elevation2 = uniform(rng, -0.06, 0.0);
		// Atrophy-like variation: thicker CSF goes with larger ventricles.
		double atrophy = rng.nextDouble();
		csfThickness = 0.03 + 0.03 * atrophy;
		gmThickness = uniform(rng, 0.08, 0.11);
		foldDepth = uniform(rng, 0.10, 0.16);
		foldPhase = uniform(rng, 0, 2 * Math.PI);
		folds = 10 + rng.nextInt(6);
		double vs = 0.75 + 0.6 * atrophy + uniform(rng, -0.1, 0.1);
		double vTilt = uniform(rng, 0.1, 0.3);
		ventricles = new Blob[2];
		nuclei = new Blob[2];
		for (int side = 0; side < 2; side++) {
			double s = side == 0 ? -1 : 1;
			ventricles[side] = Blob.of(s * uniform(rng, 0.12, 0.15), uniform(rng, -0.08, -0.02), 0.05,
				0.065 * vs, 0.26 * vs, 0.22 * vs, -s * vTilt);
			double ns = uniform(rng, 0.85, 1.15);
			nuclei[side] = Blob.of(s * uniform(rng, 0.33, 0.37), uniform(rng, 0.0, 0.08), 0.0,
				0.10 * ns, 0.15 * ns, 0.18 * ns, s * uniform(rng, 0.2, 0.45));
		}
	}

	int classify(double u, double v, double w) {
		double dx = u - cx, dy = v - cy;
		double px = (dx * cos + dy * sin) / ax, py = (-dx * sin + dy * cos) / ay, pz = (w - cz) / az;
		double rho = Math.sqrt(px * px + py * py + pz * pz);
		if (rho > 1.2)
			return Phantoms.BACKGROUND;
		double theta = Math.atan2(py, px);
		double s = rho > 0 ? pz / rho : 0;
		double radius = 1 + elevation1 * s + elevation2 * s * s;
		for (int k = 0; k < 3; k++)
			radius += harmonicCos[k] * Math.cos((k + 2) * theta) + harmonicSin[k] * Math.sin((k + 2) * theta);
		if (rho > radius)
			return Phantoms.BACKGROUND;
		// Folds fade towards the poles, where the azimuth degenerates.
		double amplitude = foldDepth * (1 - s * s);
		double fold = 0.5 - 0.5 * Math.cos(folds * theta + foldPhase);
		double f2 = fold * fold, f6 = f2 * f2 * f2;
		// Narrow sulci of CSF cut into the surface; white matter recedes more broadly beneath them.
		if (rho > radius - csfThickness - amplitude * f6)
			return Phantoms.CSF;
		if (rho > radius - csfThickness - gmThickness - amplitude * f2)
			return Phantoms.GREY_MATTER;
		for (Blob b : ventricles)
			if (b.contains(px, py, pz))
				return Phantoms.CSF;
		for (Blob b : nuclei)
			if (b.contains(px, py, pz))
				return Phantoms.DEEP_GREY_MATTER;
		return Phantoms.WHITE_MATTER;
	}

	static double uniform(SplittableRandom rng, double lo, double hi) {
		return lo + (hi - lo) * rng.nextDouble();
	}
}
