package org.labelfit.mesh;

/** Connected components of a 3D mask, 6-connected (faces), as scipy.ndimage.label's default structure. */
public final class Components {

	private Components() {}

	/** A copy of {@code mask} ({@code x} fastest) without the components of fewer than {@code minVoxels} voxels. */
	public static boolean[] withoutSmall(boolean[] mask, int[] dims, int minVoxels) {
		int nx = dims[0], ny = dims[1], plane = nx * ny;
		boolean[] out = mask.clone(), seen = new boolean[mask.length];
		int[] stack = new int[mask.length], component = new int[mask.length];
		for (int start = 0; start < mask.length; start++) {
			if (!mask[start] || seen[start]) continue;
			int size = 0, top = 0;
			stack[top++] = start;
			seen[start] = true;
			while (top > 0) {
				int i = stack[--top];
				component[size++] = i;
				int x = i % nx, y = i / nx % ny, z = i / plane;
				if (x > 0) top = push(mask, seen, stack, top, i - 1);
				if (x < nx - 1) top = push(mask, seen, stack, top, i + 1);
				if (y > 0) top = push(mask, seen, stack, top, i - nx);
				if (y < ny - 1) top = push(mask, seen, stack, top, i + nx);
				if (z > 0) top = push(mask, seen, stack, top, i - plane);
				if (z < dims[2] - 1) top = push(mask, seen, stack, top, i + plane);
			}
			if (size < minVoxels) for (int k = 0; k < size; k++) out[component[k]] = false;
		}
		return out;
	}

	private static int push(boolean[] mask, boolean[] seen, int[] stack, int top, int j) {
		if (!mask[j] || seen[j]) return top;
		seen[j] = true;
		stack[top] = j;
		return top + 1;
	}
}
