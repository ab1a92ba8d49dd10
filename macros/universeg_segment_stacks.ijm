// Segments an image with UniverSeg, using two open stacks as the support set: slice i of the label stack labels
// slice i of the image stack. No training: the support examples define the task. Saves the label image.
//
// Argument: "model=[/data/universeg.labelfit] image_stack=[support_images.tif] label_stack=[support_labels.tif]
//            image=[/data/new.tif] output=[/data/new_labels.tif] segment_labels=1,2 support_size=0"
//   image_stack, label_stack  titles of open stacks, or files to open
//   image   an image to segment; default: the current image (opened last)
//   output  where to save the labels; default: <image folder>/<image name>_labels.tif
//   segment_labels, support_size  optional, as for "UniverSeg Segment" (default: every label, all support slices)
// Example: labelfit macro universeg_segment_stacks.ijm "model=[u.labelfit] image_stack=[sup.tif] label_stack=[sup_gt.tif] image=[x.tif]"

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", "");
imageStack = call("ij.Macro.getValue", arg, "image_stack", "");
labelStack = call("ij.Macro.getValue", arg, "label_stack", "");
image = call("ij.Macro.getValue", arg, "image", "");
output = call("ij.Macro.getValue", arg, "output", "");
labels = call("ij.Macro.getValue", arg, "segment_labels", "");
supportSize = call("ij.Macro.getValue", arg, "support_size", "0");
if (model == "" || imageStack == "" || labelStack == "")
	exit("Usage: model=[file.labelfit] image_stack=[title or file] label_stack=[title or file] (image=[file] output=[file])");

// a stack given as a file is opened, and then named by its title
if (File.exists(imageStack)) { open(imageStack); imageStack = getTitle(); }
if (File.exists(labelStack)) { open(labelStack); labelStack = getTitle(); }
if (image != "")
	open(image);
input = getTitle();
if (input == imageStack || input == labelStack)
	exit("Open or pass the image to segment (image=[file]); the current image is a support stack");
folder = getDirectory("image");
if (folder == "")
	folder = getDirectory("home");

run("UniverSeg Segment", "model=[" + model + "] support=stacks image_stack=[" + imageStack + "] label_stack=[" + labelStack
	+ "] segment_labels=[" + labels + "] support_size=" + supportSize + " add_overlay");
if (output == "")
	output = folder + File.getNameWithoutExtension(input) + "_labels.tif";
saveAs("Tiff", output);
print("Labels of " + input + " saved to " + output);
