#!/usr/bin/env bash
# MetaSeg vs a supervised U-Net on one train/test split, at equal training wall-clock time.
# Usage: compare.sh WORK NAMES CLASSES IMAGE_SUFFIX LABEL_SUFFIX
#   WORK/train and WORK/test hold <key><IMAGE_SUFFIX>.<ext> images and <key><LABEL_SUFFIX>.<ext> labels.
# Both methods see the same preprocessed 2D slices (min-max, square, SIZE×SIZE); the U-Net trains for the
# seconds MetaSeg's training took. Dice is per test image or volume, averaged.
set -euo pipefail
WORK="$1" NAMES="$2" CLASSES="$3" IS="$4" LS="$5"
here="$(cd "$(dirname "$0")/../.." && pwd)"
lf="$here/labelfit"
SIZE="${SIZE:-96}" OUTER="${OUTER:-300}" VALIDATE="${VALIDATE:-100}" FIT="${FIT:-100}" HEAD="${HEAD:-200}"
common=(--image-suffix "$IS" --label-suffix "$LS" --class-names "$NAMES" --size "$SIZE" --seed 422)
images="$WORK/train/*$IS.*" labels="$WORK/train/*$LS.*" tests="$WORK/test/*$IS.*" truth="$WORK/test/*$LS.*"

start=$(date +%s)
"$lf" metaseg train --images "$images" --labels "$labels" "${common[@]}" --outer-steps "$OUTER" \
  --validate-every "$VALIDATE" --fit-steps "$FIT" --head-epochs "$HEAD" --out "$WORK/metaseg.labelfit" \
  --loss-curve "$WORK/metaseg-loss.png"
budget=$(( $(date +%s) - start ))
echo "MetaSeg training: ${budget} s"
start=$(date +%s)
"$lf" metaseg label --model "$WORK/metaseg.labelfit" --input "$tests" --output "$WORK/metaseg-labels"
echo "MetaSeg labelling: $(( $(date +%s) - start )) s"

"$lf" unet train --images "$images" --labels "$labels" "${common[@]}" --epochs 100000 --max-seconds "$budget" \
  --out "$WORK/unet.labelfit"
start=$(date +%s)
"$lf" unet label --model "$WORK/unet.labelfit" --input "$tests" --output "$WORK/unet-labels"
echo "U-Net labelling: $(( $(date +%s) - start )) s"

for m in metaseg unet; do
  "$lf" eval --pred "$WORK/$m-labels" --truth "$truth" --pred-suffix "${IS}_labels" --truth-suffix "$LS" \
    --classes "$CLASSES" --out "$WORK/$m-dice.json" > /dev/null
  /usr/bin/python3 - "$m" "$WORK/$m-dice.json" "$NAMES" <<'PY'
import json, sys
d = json.load(open(sys.argv[2]))["per_image_mean"]
names = sys.argv[3].split(",")
cls = "  ".join("%s %.3f" % (names[c["index"]], c["dice"]) for c in d["classes"] if c["index"] > 0)
print("%-8s %s  mean-fg %.3f  generalised %.3f  (%d test images)" % (
    sys.argv[1], cls, d["mean_foreground_dice"], d["generalized_dice"], d["images"]))
PY
done
