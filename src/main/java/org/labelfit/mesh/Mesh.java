package org.labelfit.mesh;

/**
 * An indexed triangle mesh: {@code vertices} holds x, y, z per vertex (physical units), {@code triangles} three vertex
 * indices per triangle, counter-clockwise seen from outside (so the right-hand normal points out of the object).
 */
public record Mesh(float[] vertices, int[] triangles) {

	public Mesh {
		if (vertices.length % 3 != 0 || triangles.length % 3 != 0) throw new IllegalArgumentException("vertices and triangles come in threes");
	}

	public int vertexCount() {
		return vertices.length / 3;
	}

	public int triangleCount() {
		return triangles.length / 3;
	}

	/** The signed enclosed volume by the divergence theorem: positive for a closed mesh whose normals point out. */
	public double volume() {
		double sum = 0;
		for (int t = 0; t < triangles.length; t += 3) {
			int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
			double ax = vertices[a], ay = vertices[a + 1], az = vertices[a + 2];
			double bx = vertices[b], by = vertices[b + 1], bz = vertices[b + 2];
			double cx = vertices[c], cy = vertices[c + 1], cz = vertices[c + 2];
			sum += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
		}
		return sum / 6;
	}

	public double area() {
		double sum = 0;
		for (int t = 0; t < triangles.length; t += 3) sum += normalLength(normal(t));
		return sum / 2;
	}

	/** The unnormalised normal (b − a) × (c − a) of the triangle starting at {@code triangles[t]}. */
	double[] normal(int t) {
		int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
		double ux = vertices[b] - vertices[a], uy = vertices[b + 1] - vertices[a + 1], uz = vertices[b + 2] - vertices[a + 2];
		double vx = vertices[c] - vertices[a], vy = vertices[c + 1] - vertices[a + 1], vz = vertices[c + 2] - vertices[a + 2];
		return new double[] { uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx };
	}

	static double normalLength(double[] n) {
		return Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
	}
}
