package org.labelfit.universeg.episodes;

import java.util.List;
import java.util.Objects;

/**
 * One UniverSeg training example: a query pair and S &gt;= 1 support pairs of the same task, all size×size.
 * The lists are copied (unmodifiable); the arrays are not, to keep episodes cheap.
 */
public record Episode(int size, float[] query, float[] queryMask, List<float[]> supportImages,
		List<float[]> supportMasks) {

	public Episode {
		if (size < 1)
			throw new IllegalArgumentException("size must be positive, got " + size);
		supportImages = List.copyOf(supportImages);
		supportMasks = List.copyOf(supportMasks);
		if (supportImages.isEmpty())
			throw new IllegalArgumentException("an episode needs at least one support pair");
		if (supportImages.size() != supportMasks.size())
			throw new IllegalArgumentException(supportImages.size() + " support images but " + supportMasks.size() + " support masks");
		Fields.checkSquare(Objects.requireNonNull(query, "query"), size);
		Fields.checkSquare(Objects.requireNonNull(queryMask, "queryMask"), size);
		for (int i = 0; i < supportImages.size(); i++) {
			Fields.checkSquare(supportImages.get(i), size);
			Fields.checkSquare(supportMasks.get(i), size);
		}
	}

	/** The support size S. */
	public int supportSize() {
		return supportImages.size();
	}
}
