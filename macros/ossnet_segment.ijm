// Segments 3D volumes with an OSS-Net model: one open volume, shown with its class outlines and saved, or every volume
// of a folder, written by LabelFit itself (<name>_labels.tif; NIfTI inputs give NIfTI labels with their geometry).
//
// Argument: "model=[/data/ossnet.labelfit] image=[/data/scan.tif] output=[/data/scan_labels.tif] inference=mise"
//   model      the OSS-Net model (from "OSS-Net Train" or "OSS-Net Import Weights")
//   image      a volume to open and segment (a TIFF stack, or a hyperstack with the model's channels); default: the current image
//   input      instead of image: a folder or glob of volumes to segment from disk (4D NIfTI for several channels)
//   output     the label file (with image: default <image folder>/<image name>_labels.tif), or the folder (with input)
//   inference  mise (official), mise-optimised (C and D only) or dense; threshold=, chunk=, device=, overwrite as in "OSS-Net Segment"
//   mesh       also write the surface mesh (.stl or .obj; one volume only), without components under mesh_min_voxels= (default 1728)
// Example: labelfit macro ossnet_segment.ijm "model=[brats.labelfit] input=[scans] output=[labels] inference=mise-optimised"

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", "");
image = call("ij.Macro.getValue", arg, "image", "");
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
options = "model=[" + model + "] inference=" + call("ij.Macro.getValue", arg, "inference", "mise")
	+ " threshold=" + call("ij.Macro.getValue", arg, "threshold", "0.5") + " chunk=" + call("ij.Macro.getValue", arg, "chunk", "16384")
	+ " device=" + call("ij.Macro.getValue", arg, "device", "auto");
mesh = call("ij.Macro.getValue", arg, "mesh", "");
if (mesh != "")
	options = options + " mesh=[" + mesh + "] mesh_min_voxels=" + call("ij.Macro.getValue", arg, "mesh_min_voxels", "1728");
overwrite = matches(" " + arg + " ", ".*\\soverwrite\\s.*");
if (overwrite)
	options = options + " overwrite";
if (model == "")
	exit("Usage: model=[file.labelfit] image=[volume.tif] output=[labels.tif], or model=[file.labelfit] input=[folder] output=[folder]");

start = getTime();
if (input != "") {
	if (output == "")
		exit("output=[folder] is required with input=");
	// file mode: LabelFit reads, segments and writes every volume itself, checking all outputs before it starts
	run("OSS-Net Segment", options + " input_path=[" + input + "] output=[" + output + "]");
	print("Segmented " + input + " into " + output + " in " + d2s((getTime() - start) / 1000, 1) + " s");
	exit();
}
if (image != "")
	open(image);
if (nImages == 0)
	exit("No image is open; open a 3D volume or pass image=[/path/volume.tif]");
title = getTitle();
folder = getDirectory("image");
if (folder == "")
	folder = getDirectory("home");
if (output == "")
	output = folder + File.getNameWithoutExtension(title) + "_labels.tif";
if (File.exists(output) && !overwrite)
	exit(output + " already exists; add overwrite to replace it");
run("OSS-Net Segment", options + " add_overlay");
saveAs("Tiff", output);
print("Labels of " + title + " saved to " + output + " in " + d2s((getTime() - start) / 1000, 1) + " s");
