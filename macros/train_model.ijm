// Trains a MetaSeg model on a folder of images and a folder of label images (paired by file name).
//
// Argument: "images=[/data/train/images] labels=[/data/train/labels] model=[/data/brain.labelfit]
//            outer_steps=500 size=128 class_names=[background,CSF,grey matter,white matter,deep grey matter]"
// Any other option of "MetaSeg Train" may be added (config=, classes=, fit_steps=, seed=, device=, overwrite).
// Example: labelfit macro train_model.ijm "images=[/data/train/images] labels=[/data/train/labels] model=[/data/brain.labelfit]"

arg = getArgument();
images = call("ij.Macro.getValue", arg, "images", "");
labels = call("ij.Macro.getValue", arg, "labels", "");
model = call("ij.Macro.getValue", arg, "model", "");
if (images == "" || labels == "" || model == "")
	exit("Usage: images=[folder] labels=[folder] model=[file.labelfit] (plus any MetaSeg Train option)");

start = getTime();
run("MetaSeg Train", arg);
print("Model saved to " + model + " after " + d2s((getTime() - start) / 1000, 1) + " s");
