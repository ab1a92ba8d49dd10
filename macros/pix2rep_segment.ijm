// Segments an image or stack (slice by slice) with a Pix2Rep model that has a head, and saves the label image
// (16-bit TIFF with its LUT and class names); the class outlines go on the image's overlay.
//
// Argument: "model=[/data/heart.labelfit] image=[/data/scan.tif] output=[/data/scan_labels.tif]"
//   model   a Pix2Rep model with a head (from "Pix2Rep Train Head")
//   image   an image or stack to open; default: the current image
//   output  where to save the labels; default: <image folder>/<image name>_labels.tif, or the home folder
//   crop    optional: selection (the rectangle drawn on the image) or X,Y,W,H; default: the model's crop
//   device  optional: auto, cpu or gpu
// Files instead: input_path=[folder or glob] output=[folder] (labels written as <name>_labels.tif).
// Example: labelfit macro pix2rep_segment.ijm "model=[heart.labelfit] image=[scan.tif]"

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", "");
image = call("ij.Macro.getValue", arg, "image", "");
output = call("ij.Macro.getValue", arg, "output", "");
inputPath = call("ij.Macro.getValue", arg, "input_path", "");
crop = call("ij.Macro.getValue", arg, "crop", "");
device = call("ij.Macro.getValue", arg, "device", "auto");
if (model == "")
	exit("Usage: model=[file.labelfit] (image=[file] output=[file]), or model=[file.labelfit] input_path=[folder] output=[folder]");

if (inputPath != "") {
	run("Pix2Rep Segment", arg);
	exit();
}
if (image != "")
	open(image);
if (nImages == 0)
	exit("No image is open; open one or pass image=[/path/image.tif]");
input = getTitle();
folder = getDirectory("image");
if (folder == "")
	folder = getDirectory("home");
run("Pix2Rep Segment", "model=[" + model + "] crop=[" + crop + "] device=" + device + " add_overlay");
if (output == "")
	output = folder + File.getNameWithoutExtension(input) + "_labels.tif";
saveAs("Tiff", output);
print("Labels of " + input + " saved to " + output);
