// Segments an image with a MetaSeg model and saves the label image (16-bit TIFF with its LUT and class names).
//
// Argument (all optional): "model=[/path/model.labelfit] image=[/path/image.tif] output=[/path/labels.tif] fit_steps=0"
//   model   the MetaSeg model; default: LabelFit/model.labelfit in the home folder
//   image   an image to open; default: the current image
//   output  where to save the labels; default: <image folder>/<image name>_labels.tif, or the home folder
// Example: labelfit macro segment_current_image.ijm "model=[/data/brain.labelfit] image=[/data/subject_007.tif]"

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", getDirectory("home") + "LabelFit" + File.separator + "model.labelfit");
image = call("ij.Macro.getValue", arg, "image", "");
output = call("ij.Macro.getValue", arg, "output", "");
fitSteps = call("ij.Macro.getValue", arg, "fit_steps", "0");

if (image != "")
	open(image);
if (nImages == 0)
	exit("No image is open; open one or pass image=[/path/image.tif]");
input = getTitle();
folder = getDirectory("image");
if (folder == "")
	folder = getDirectory("home");

run("MetaSeg Fit and Label", "model=[" + model + "] fit_steps=" + fitSteps + " add_overlay");
if (output == "")
	output = folder + File.getNameWithoutExtension(input) + "_labels.tif";
saveAs("Tiff", output);
print("Labels of " + input + " saved to " + output);
