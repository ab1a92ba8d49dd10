// Dense 3D U-Net inference over a whole volume in ONE window (default) or in sliding windows: the memory a dense
// network needs where OSS-Net's MISE evaluates points in chunks. Driven by docs/bench/ossnet-memory.sh; properties:
//   -R-Dmodel=FILE.labelfit  a 3D U-Net model (`labelfit unet train --dims 3`)
//   -R-Dinput=FILE.nii.gz    a volume, or -R-Dsize=X,Y,Z for a synthetic noisy ball of that size
//   -R-Dwindows=sliding      the model's own half-overlapping patch windows instead (what `unet label` does)
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import ai.djl.Device;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import org.labelfit.engine.Memory;
import org.labelfit.io.ImageData;
import org.labelfit.io.ImageFiles;
import org.labelfit.train.Progress;
import org.labelfit.unet.*;

ImageData ball(int[] d) {
	Img<FloatType> img = ArrayImgs.floats(d[0], d[1], d[2]);
	Random rng = new Random(1);
	double r = Arrays.stream(d).min().getAsInt() / 4.0;
	var c = img.localizingCursor();
	while (c.hasNext()) {
		c.fwd();
		double dx = c.getDoublePosition(0) - d[0] / 2.0, dy = c.getDoublePosition(1) - d[1] / 2.0, dz = c.getDoublePosition(2) - d[2] / 2.0;
		c.get().set((dx * dx + dy * dy + dz * dz < r * r ? 1f : -1f) + (float) rng.nextGaussian() * 0.5f);
	}
	return new ImageData(img, new double[] { 1, 1, 1 }, null, "ball");
}

UNetModel trained = UNetModelFile.load(Path.of(System.getProperty("model")));
ImageData image = System.getProperty("input") != null ? ImageFiles.read(Path.of(System.getProperty("input"))) : ball(Arrays.stream(System.getProperty("size").split(",")).mapToInt(Integer::parseInt).toArray());
int divisor = trained.config().divisor();
// one window: the volume's sides rounded up to the network's divisor (zero padding, as UNetWindows pads)
int[] window = Arrays.stream(image.dims()).mapToInt(n -> (int) ((n + divisor - 1) / divisor * divisor)).toArray();
boolean sliding = "sliding".equals(System.getProperty("windows"));
UNetModel whole = sliding ? trained : new UNetModel(trained.config(), trained.size(), window, trained.classNames(), trained.weights(), trained.provenance());
String kind = sliding ? "sliding " + Arrays.toString(trained.patch()) + " windows" : "one window " + Arrays.toString(window);
System.out.printf("volume %s, %s%n", Arrays.toString(image.dims()), kind);
Memory.resetPeak();
long t0 = System.nanoTime();
try (UNetSegmenter s = new UNetSegmenter(whole, Device.cpu())) {
	var labels = s.segment(image, Progress.NONE);
	long fg = 0;
	for (var p : labels) if (p.get() > 0) fg++;
	System.out.printf("3D U-Net, %s: %.1f s, foreground voxels %d, peak RSS of the inference %d MB%n", kind, (System.nanoTime() - t0) / 1e9, fg,
		Memory.peakResidentMegabytes());
} catch (Throwable e) {
	System.out.printf("3D U-Net, %s: FAILED after %.1f s: %s; peak RSS %d MB%n", kind, (System.nanoTime() - t0) / 1e9,
		String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()), Memory.peakResidentMegabytes());
}
/exit
