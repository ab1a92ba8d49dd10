#!/usr/bin/env bash
# Manual check of the ImageJ 1 surface WITH a display (Xvfb): plain ImageJ 1.54p, LabelFit's all-in-one jar in
# plugins/ (as a user would drop it), a macro that opens the 2D phantom, runs "MetaSeg Fit and Label" with the
# shipped model and records the outcome to $DIR/trace.txt. Needs xvfb (apt-get install xvfb xauth) and a built jar.
# ImageJ stays open at the end; the timeout ends it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${DIR:-/tmp/labelfit-ij1-smoke}"
rm -rf "$DIR" && mkdir -p "$DIR/plugins"
cp "$(ls "$here"/target/LabelFit_-*-all.jar | head -1)" "$DIR/plugins/LabelFit_-all.jar"
ij="$(ls ~/.m2/repository/net/imagej/ij/*/ij-*.jar | grep -v sources | head -1)"
cat > "$DIR/smoke.ijm" <<IJM
run("Brain Phantom (2D)");
File.append("after phantom: " + nImages + " images, active " + getTitle(), "$DIR/trace.txt");
run("MetaSeg Fit and Label", "model=[$here/sample-data/metaseg-phantom.labelfit] fit_steps=20 scale=1 device=cpu add_overlay");
File.append("after label: active " + getTitle() + ", bitDepth " + bitDepth(), "$DIR/trace.txt");
selectImage("brain_phantom_2d");
File.append("class ROIs on the input's overlay: " + Overlay.size, "$DIR/trace.txt");
IJM
timeout "${TIMEOUT:-90}" xvfb-run -a -s "-screen 0 1280x1024x24" java -Dplugins.dir="$DIR" -cp "$ij" ij.ImageJ \
  -macro "$DIR/smoke.ijm" > "$DIR/console.txt" 2>&1 || true
cat "$DIR/trace.txt"
