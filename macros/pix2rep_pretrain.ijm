// Pretrains a Pix2Rep backbone, self-supervised, on unlabelled images: no labels needed. The model it writes is
// the starting point for training a head on a few labels or scribbles later.
//
// Argument: "images=[/data/scans] model=[/data/pretrained.labelfit] epochs=200 width=16 features=128"
//   images  a folder, glob or file of unlabelled 2D images or 3D volumes (TIFF, PNG, NIfTI); every slice is used
//   stack   instead of images: an image or stack file to open; the command then pretrains on the open image
//   model   the model file to write; the checkpoint of the lowest validation loss is written there while training
// Any other option of "Pix2Rep Pretrain" may be added: width=, features= (paper: 64 and 1024, costly on a CPU),
// loss=barlow (Pix2Rep-v2), epochs=, batch=, pixels=, temperature=, learning_rate=, size=, seed=, device=, overwrite.
// Example: labelfit macro pix2rep_pretrain.ijm "images=[scans] model=[pretrained.labelfit] epochs=50"

arg = getArgument();
images = call("ij.Macro.getValue", arg, "images", "");
stack = call("ij.Macro.getValue", arg, "stack", "");
model = call("ij.Macro.getValue", arg, "model", "");
if (model == "" || (images == "" && stack == ""))
	exit("Usage: images=[folder] model=[file.labelfit], or stack=[file.tif] model=[file.labelfit] (plus any Pix2Rep Pretrain option)");
if (images == "")
	open(stack);

start = getTime();
run("Pix2Rep Pretrain", arg);
print("Pix2Rep model saved to " + model + " after " + d2s((getTime() - start) / 1000, 1) + " s");
