// Trains an OSS-Net on labelled 3D volumes (binary: one foreground class) and writes the model. The model of the best
// validation score is written while training goes; a tenth of the volumes (at least one) is held out for it.
//
// Argument: "images=[/data/brats/images] labels=[/data/brats/labels] model=[/data/ossnet.labelfit] variant=C preset=brats epochs=50"
//   images  a folder or glob of 3D image volumes (TIFF stacks, NIfTI; 4D NIfTI for several channels, last axis = channel)
//   labels  a folder or glob of label volumes, paired with the images by name (image_suffix=, label_suffix= strip name endings)
//   model   the model file to write (overwrite to replace one)
// Any other option of "OSS-Net Train" may be added: variant= (C, D, A, B, onet), preset= (brats, lits) or grid=X,Y,Z with
// encoder_blocks=, label= (the foreground label; default any label > 0), epochs=, points=, border_fraction=, batch=,
// validation_fraction=, seed=, device=, overwrite.
// Example: labelfit macro ossnet_train.ijm "images=[ct] labels=[masks] model=[liver.labelfit] label=1 grid=128,128,64 encoder_blocks=3"

arg = getArgument();
images = call("ij.Macro.getValue", arg, "images", "");
labels = call("ij.Macro.getValue", arg, "labels", "");
model = call("ij.Macro.getValue", arg, "model", "");
if (images == "" || labels == "" || model == "")
	exit("Usage: images=[folder] labels=[folder] model=[file.labelfit] (plus any OSS-Net Train option)");

start = getTime();
run("OSS-Net Train", arg);
print("OSS-Net model saved to " + model + " after " + d2s((getTime() - start) / 1000, 1) + " s");
