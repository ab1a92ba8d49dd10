// Segments every image in a folder with a MetaSeg model and saves one label image per input.
//
// Argument: "input=[/data/images] model=[/data/model.labelfit] output=[/data/labels] fit_steps=0"
//   input   folder of images (TIFF, PNG, ... as ImageJ opens them)
//   model   the MetaSeg model
//   output  folder for <name>_labels.tif (created when missing)
// Example: labelfit macro batch_folder.ijm "input=[/data/test] model=[/data/brain.labelfit] output=[/data/test_labels]"

arg = getArgument();
input = call("ij.Macro.getValue", arg, "input", "");
model = call("ij.Macro.getValue", arg, "model", "");
output = call("ij.Macro.getValue", arg, "output", "");
fitSteps = call("ij.Macro.getValue", arg, "fit_steps", "0");
if (input == "" || model == "" || output == "")
	exit("Usage: input=[folder] model=[file.labelfit] output=[folder]");
if (!File.isDirectory(input))
	exit("Input folder not found: " + input);
if (!File.isDirectory(output))
	File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
done = 0;
skipped = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (startsWith(name, ".") || !matches(toLowerCase(name), ".*[.](tif|tiff|png|jpg|jpeg|bmp|gif)")) {
		skipped++;
		continue;
	}
	open(input + File.separator + name);
	image = getImageID();
	run("MetaSeg Fit and Label", "model=[" + model + "] fit_steps=" + fitSteps);
	saveAs("Tiff", output + File.separator + File.getNameWithoutExtension(name) + "_labels.tif");
	close();
	selectImage(image);
	close();
	done++;
}
setBatchMode(false);
print("Labelled " + done + " image(s) from " + input + " into " + output + " (" + skipped + " skipped)");
