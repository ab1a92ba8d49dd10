// Segments every image in a folder with UniverSeg from a support set of labelled examples on disk, and saves one
// label image per input (<name>_labels.tif; NIfTI inputs keep NIfTI). No training, no images shown.
//
// Argument: "model=[/data/universeg.labelfit] support_images=[/data/support/images] support_labels=[/data/support/labels]
//            input=[/data/new] output=[/data/new_labels] segment_labels=1,2 support_size=0 ensemble=1"
//   support_images, support_labels  folders (or globs) of examples, paired by file name
//   input   folder (or glob) of images to segment; output: folder for the label images (created when missing)
//   segment_labels, support_size, ensemble  optional, as for "UniverSeg Segment"
// Example: labelfit macro universeg_batch_folder.ijm "model=[u.labelfit] support_images=[sup/img] support_labels=[sup/gt] input=[new] output=[out]"

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", "");
supportImages = call("ij.Macro.getValue", arg, "support_images", "");
supportLabels = call("ij.Macro.getValue", arg, "support_labels", "");
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
labels = call("ij.Macro.getValue", arg, "segment_labels", "");
supportSize = call("ij.Macro.getValue", arg, "support_size", "0");
ensemble = call("ij.Macro.getValue", arg, "ensemble", "1");
if (model == "" || supportImages == "" || supportLabels == "" || input == "" || output == "")
	exit("Usage: model=[file.labelfit] support_images=[folder] support_labels=[folder] input=[folder] output=[folder]");

// file mode: LabelFit reads, segments and writes every image itself, checking all outputs before it starts
start = getTime();
run("UniverSeg Segment", "model=[" + model + "] support=folders support_images=[" + supportImages + "] support_labels=["
	+ supportLabels + "] segment_labels=[" + labels + "] support_size=" + supportSize + " ensemble=" + ensemble
	+ " input_path=[" + input + "] output=[" + output + "]");
print("Segmented " + input + " into " + output + " in " + d2s((getTime() - start) / 1000, 1) + " s");
