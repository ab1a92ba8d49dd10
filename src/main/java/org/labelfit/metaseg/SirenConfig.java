package org.labelfit.metaseg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.labelfit.LabelFitException;
import org.labelfit.eval.ConfusionMatrix;
import org.labelfit.model.Tensor;

/**
 * Size of a MetaSeg network: a SIREN INR (sine layers of {@code width} units, ω0 in every
 * one, then a linear intensity output) and a segmentation head Linear→LeakyReLU→Linear
 * reading the last sine layer.
 *
 * @param inputDims 2 or 3 coordinates
 * @param width hidden features HF
 * @param sineLayers number of sine layers (first + hidden)
 * @param classes number of classes including background
 * @param omega0 frequency inside every sine
 */
public record SirenConfig(String name, int inputDims, int width, int sineLayers, int classes, double omega0) {

	public static final double OMEGA0 = 30;
	/** Bounds far above the paper's configurations, so that a model file cannot ask for an absurd network. */
	public static final int MAX_WIDTH = 1024, MAX_SINE_LAYERS = 16, MAX_CLASSES = ConfusionMatrix.MAX_CLASSES;
	public static final double MIN_OMEGA0 = 1e-3, MAX_OMEGA0 = 1e3;

	public SirenConfig {
		if (inputDims != 2 && inputDims != 3) throw new LabelFitException("MetaSeg needs 2 or 3 input coordinates, got " + inputDims);
		if (width < 1 || width > MAX_WIDTH || sineLayers < 1 || sineLayers > MAX_SINE_LAYERS)
			throw new LabelFitException("MetaSeg width must be between 1 and " + MAX_WIDTH + " and the layer count between 1 and " +
				MAX_SINE_LAYERS + ", got " + width + " and " + sineLayers);
		if (classes < 2 || classes > MAX_CLASSES)
			throw new LabelFitException("MetaSeg needs 2 to " + MAX_CLASSES + " classes (background included), got " + classes);
		if (!(omega0 >= MIN_OMEGA0 && omega0 <= MAX_OMEGA0))
			throw new LabelFitException("MetaSeg omega0 must be between " + MIN_OMEGA0 + " and " + MAX_OMEGA0 + ", got " + omega0);
	}

	/** The paper's configurations: {@code 2d} (128 × 5), {@code 2d-fine} (512 × 4), {@code 3d} (256 × 5). */
	public static SirenConfig preset(String name, int classes) {
		switch (name.toLowerCase(Locale.ROOT)) {
			case "2d": return new SirenConfig("2d", 2, 128, 5, classes, OMEGA0);
			case "2d-fine": return new SirenConfig("2d-fine", 2, 512, 4, classes, OMEGA0);
			case "3d": return new SirenConfig("3d", 3, 256, 5, classes, OMEGA0);
			default: throw new LabelFitException("unknown MetaSeg config '" + name + "'; use 2d, 2d-fine or 3d");
		}
	}

	/** Parameter names in the order LabelFit stores them; equal to the official state_dict keys. */
	public List<String> parameterNames() {
		List<String> names = new ArrayList<>();
		for (int l = 0; l < sineLayers; l++) {
			names.add("inr.net." + l + ".linear.weight");
			names.add("inr.net." + l + ".linear.bias");
		}
		names.add("inr.net." + sineLayers + ".weight");
		names.add("inr.net." + sineLayers + ".bias");
		names.add("segmentation_head.segmentation_head.0.weight");
		names.add("segmentation_head.segmentation_head.0.bias");
		names.add("segmentation_head.segmentation_head.2.weight");
		names.add("segmentation_head.segmentation_head.2.bias");
		return names;
	}

	/** Shapes matching {@link #parameterNames()}, PyTorch layout (out, in). */
	public List<long[]> parameterShapes() {
		List<long[]> shapes = new ArrayList<>();
		for (int l = 0; l < sineLayers; l++) {
			shapes.add(new long[] { width, l == 0 ? inputDims : width });
			shapes.add(new long[] { width });
		}
		shapes.add(new long[] { 1, width });
		shapes.add(new long[] { 1 });
		shapes.add(new long[] { width, width });
		shapes.add(new long[] { width });
		shapes.add(new long[] { classes, width });
		shapes.add(new long[] { classes });
		return shapes;
	}

	/** Number of INR tensors (weights and biases of the sine layers and the output layer). */
	public int inrTensorCount() {
		return 2 * sineLayers + 2;
	}

	public long inrParameterCount() {
		return Tensor.elementCount(parameterShapes().subList(0, inrTensorCount()));
	}

	public long headParameterCount() {
		List<long[]> shapes = parameterShapes();
		return Tensor.elementCount(shapes.subList(inrTensorCount(), shapes.size()));
	}

	public long parameterCount() {
		return Tensor.elementCount(parameterShapes());
	}
}
