// Marching cubes on voxelised balls: volume and area against the sphere's, and the time for a BraTS-sized grid.
// Run after `mvn -B -q -o -DskipTests package`:  jshell -R-Xmx4g --class-path target/classes docs/bench/mesh-balls.jsh
import org.labelfit.mesh.*;

boolean[] ball(int nx, int ny, int nz, int r) {
	boolean[] m = new boolean[nx * ny * nz];
	int cx = nx / 2, cy = ny / 2, cz = nz / 2;
	for (int z = 0; z < nz; z++)
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++) m[x + nx * (y + ny * z)] = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) <= r * r;
	return m;
}

for (int r : new int[] { 5, 10, 20, 40 }) {
	int n = 2 * r + 5;
	Mesh mesh = MarchingCubes.of(ball(n, n, n, r), n, n, n, new double[] { 1, 1, 1 });
	System.out.printf("r=%d volume/(4/3 pi r^3)=%.4f area/(4 pi r^2)=%.4f triangles=%d%n", r, mesh.volume() / (4.0 / 3 * Math.PI * r * r * r),
		mesh.area() / (4 * Math.PI * r * r), mesh.triangleCount());
}
boolean[] big = ball(256, 256, 160, 60);
for (int repeat = 0; repeat < 2; repeat++) {
	boolean[] m = big.clone();
	long t0 = System.nanoTime();
	Components.removeSmall(m, 256, 256, 160, Components.DEFAULT_MIN_VOXELS);
	long t1 = System.nanoTime();
	Mesh mesh = MarchingCubes.of(m, 256, 256, 160, new double[] { 1, 1, 1 });
	long t2 = System.nanoTime();
	System.out.printf("256x256x160, r=60: components %.2f s, marching cubes %.2f s, %d triangles, %d vertices%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
		mesh.triangleCount(), mesh.vertexCount());
}
/exit
