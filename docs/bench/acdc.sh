#!/usr/bin/env bash
# MetaSeg vs a supervised U-Net on ACDC cine MRI (../shared/data/acdc_ssl4mis_3d), as 2D slices.
# Split: the first TRAIN patients (sorted by name) train, the last TEST patients test; FRAMES picks
# frame01 and/or frame02. Both methods see the same preprocessed slices (min-max, square, SIZE×SIZE);
# the U-Net gets the wall-clock budget MetaSeg's training took. Dice is per test volume, averaged.
#
#   docs/bench/acdc.sh                      # defaults below; WORK=/tmp/acdc-bench keeps the outputs
#   SIZE=128 OUTER=500 FRAMES="01 02" docs/bench/acdc.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$here/../shared/data/acdc_ssl4mis_3d}"
WORK="${WORK:-/tmp/acdc-bench}"
SIZE="${SIZE:-96}" OUTER="${OUTER:-300}" VALIDATE="${VALIDATE:-100}" FIT="${FIT:-100}" HEAD="${HEAD:-200}"
TRAIN="${TRAIN:-20}" TEST="${TEST:-10}" FRAMES="${FRAMES:-01}"
lf="$here/labelfit"

[ -d "$DATA" ] || { echo "acdc.sh: $DATA not found" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK/train" "$WORK/test"
mapfile -t patients < <(ls "$DATA" | sed -n 's/^\(patient[0-9]*\)_frame.*_img.nii.gz$/\1/p' | sort -u)
link() { for f in $FRAMES; do for k in img gt; do ln -s "$DATA/${1}_frame${f}_${k}.nii.gz" "$WORK/$2/"; done; done; }
for p in "${patients[@]:0:$TRAIN}"; do link "$p" train; done
for p in "${patients[@]: -$TEST}"; do link "$p" test; done
names=background,RV,MYO,LV
common=(--image-suffix _img --label-suffix _gt --class-names "$names" --size "$SIZE" --seed 422)

start=$(date +%s)
"$lf" metaseg train --images "$WORK/train/*_img.nii.gz" --labels "$WORK/train/*_gt.nii.gz" "${common[@]}" \
  --outer-steps "$OUTER" --validate-every "$VALIDATE" --fit-steps "$FIT" --head-epochs "$HEAD" \
  --out "$WORK/metaseg.labelfit" --loss-curve "$WORK/metaseg-loss.png"
budget=$(( $(date +%s) - start ))
echo "MetaSeg training: ${budget} s"
start=$(date +%s)
"$lf" metaseg label --model "$WORK/metaseg.labelfit" --input "$WORK/test/*_img.nii.gz" --output "$WORK/metaseg-labels"
echo "MetaSeg labelling: $(( $(date +%s) - start )) s"
"$lf" eval --pred "$WORK/metaseg-labels" --truth "$WORK/test/*_gt.nii.gz" --pred-suffix _img_labels --truth-suffix _gt \
  --classes 4 --out "$WORK/metaseg-dice.json" > /dev/null

"$lf" unet train --images "$WORK/train/*_img.nii.gz" --labels "$WORK/train/*_gt.nii.gz" "${common[@]}" \
  --epochs 1000 --max-seconds "$budget" --out "$WORK/unet.labelfit"
start=$(date +%s)
"$lf" unet label --model "$WORK/unet.labelfit" --input "$WORK/test/*_img.nii.gz" --output "$WORK/unet-labels"
echo "U-Net labelling: $(( $(date +%s) - start )) s"
"$lf" eval --pred "$WORK/unet-labels" --truth "$WORK/test/*_gt.nii.gz" --pred-suffix _img_labels --truth-suffix _gt \
  --classes 4 --out "$WORK/unet-dice.json" > /dev/null

for m in metaseg unet; do
  echo "== $m (per-volume mean; classes RV, MYO, LV; mean foreground; generalised with background)"
  /usr/bin/python3 - "$WORK/$m-dice.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["per_image_mean"]
cls = {c["index"]: c["dice"] for c in d["classes"]}
print("RV %.3f  MYO %.3f  LV %.3f  mean-fg %.3f  generalised %.3f  (%d volumes)" % (
    cls[1], cls[2], cls[3], d["mean_foreground_dice"], d["generalized_dice"], d["images"]))
PY
done
