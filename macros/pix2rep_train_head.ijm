// Trains a Pix2Rep segmentation head on a pretrained backbone from a few labels or scribbles. With mode=probe (the
// default) the backbone stays frozen and its features of the image are kept for this Fiji session: add scribbles and
// run this again, and only the 1x1 head is retrained (about 4 s on a 2-core CPU, docs/benchmarks.md).
//
// Argument: "pretrained=[/data/pretrained.labelfit] model=[/data/heart.labelfit] image=[/data/scan.tif] labels=[/data/scan_labels.tif]"
//   pretrained  the pretrained Pix2Rep model (from "Pix2Rep Pretrain" or "Pix2Rep Import Weights")
//   model       the model file to write (add overwrite to replace it when retraining)
//   image       an image or stack to open; default: the current image
//   labels      its label image or stack (slice i labels slice i; ignore_label=V marks unlabelled pixels); without it
//               the ROIs and line scribbles on the image (its overlay, else the ROI Manager) are the labels, one class
//               per ROI name or group, a set named "background" is label 0, unlabelled pixels are ignored
// Labels from files instead: labels_from=files image_files=[folder] label_files=[folder] (paired by name).
// Any other option of "Pix2Rep Train Head" may be added: mode=finetune, epochs=, classes=, class_names=[a,b],
// crop=selection (the rectangle drawn on the image) or crop=X,Y,W,H, seed=, device=, overwrite.
// Example: labelfit macro pix2rep_train_head.ijm "pretrained=[p.labelfit] model=[h.labelfit] image=[x.tif] labels=[x_gt.tif]"

arg = getArgument();
pretrained = call("ij.Macro.getValue", arg, "pretrained", "");
model = call("ij.Macro.getValue", arg, "model", "");
image = call("ij.Macro.getValue", arg, "image", "");
labels = call("ij.Macro.getValue", arg, "labels", "");
labelsFrom = call("ij.Macro.getValue", arg, "labels_from", "");
if (pretrained == "" || model == "")
	exit("Usage: pretrained=[file.labelfit] model=[file.labelfit] (image=[file] labels=[file]), plus any Pix2Rep Train Head option");

start = getTime();
if (labelsFrom == "files") {
	run("Pix2Rep Train Head", arg);
} else {
	if (image != "")
		open(image);
	if (nImages == 0)
		exit("No image is open; open one or pass image=[/path/image.tif]");
	input = getTitle();
	if (labels != "") {
		open(labels);
		run("Pix2Rep Train Head", arg + " labels_from=stacks image_stack=[" + input + "] label_stack=[" + getTitle() + "]");
	} else {
		run("Pix2Rep Train Head", arg + " labels_from=rois roi_images=[" + input + "]");
	}
}
print("Pix2Rep model saved to " + model + " after " + d2s((getTime() - start) / 1000, 1) + " s");
