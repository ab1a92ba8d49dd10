#!/usr/bin/env bash
# Pix2Rep one-shot ACDC (issue 10) at a CPU budget, from ../shared/data/acdc_ssl4mis_3d (30 patients, ED + ES):
# pretrain on the unlabelled slices of the first 20 patients (both frames), train a head with the labels of the
# first K of them (K in LABELLED), segment the last 10 patients (20 volumes), score per volume (mean Dice over the
# four structures including background, the paper's metric) for probe, fine-tune, fine-tune + Mean Teacher
# (finetune-mt: the unlabelled slices are the pretraining set), the same network from scratch, and from scratch +
# Mean Teacher (scratch-mt, the paper's semi-supervised baseline).
# Every volume is first cropped to a fixed field of view (x and y in [10 %, 75 %) of each side; no ground truth
# used; docs/bench/acdc_crop.py) instead of the official ground-truth bounding box.
#   docs/bench/pix2rep-acdc.sh                         # WORK=/tmp/p2r-acdc keeps everything
#   SIZE=128 PRE_EPOCHS=200 LABELLED="1 2 5" MODES="probe finetune finetune-mt scratch scratch-mt" docs/bench/pix2rep-acdc.sh
#   STAGES=pretrain docs/bench/pix2rep-acdc.sh          # only the pretraining; STAGES=heads only the heads
# LABELFIT_JAR=... (read by ./labelfit) runs a fixed copy of the jar, so rebuilding the checkout does not disturb it.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$here/../shared/data/acdc_ssl4mis_3d}" WORK="${WORK:-/tmp/p2r-acdc}"
SIZE="${SIZE:-64}" WIDTH="${WIDTH:-16}" FEATURES="${FEATURES:-128}" PRE_EPOCHS="${PRE_EPOCHS:-15}"
HEAD_EPOCHS="${HEAD_EPOCHS:-100}" LABELLED="${LABELLED:-1}" MODES="${MODES:-probe finetune finetune-mt scratch}" SEED="${SEED:-1}"
RAMP_UP_EPOCHS="${RAMP_UP_EPOCHS:-40}"  # Mean Teacher consistency ramp-up (the default 40 suits 100 head epochs)
HEAD_AUGMENT="${HEAD_AUGMENT:-off}"  # --intensity-augmentation of the heads; off reproduces docs/benchmarks.md, auto is the faithful default
STAGES="${STAGES:-pretrain heads}"
[ -d "$DATA" ] || { echo "pix2rep-acdc.sh: $DATA not found" >&2; exit 2; }
lf() { "$here/labelfit" "$@"; }
mkdir -p "$WORK/crop" "$WORK/pre" "$WORK/test"
[ -n "$(ls -A "$WORK/crop")" ] || python3 "$here/docs/bench/acdc_crop.py" 0.10 0.75 "$WORK/crop" "$DATA"/*.nii.gz
mapfile -t patients < <(ls "$WORK/crop" | sed -n 's/^\(patient[0-9]*\)_frame.*_img.nii$/\1/p' | sort -u)
for p in "${patients[@]:0:20}"; do ln -sf "../crop/${p}_frame01_img.nii" "../crop/${p}_frame02_img.nii" "$WORK/pre/"; done
for p in "${patients[@]: -10}"; do for f in 01 02; do ln -sf "../crop/${p}_frame${f}_img.nii" "../crop/${p}_frame${f}_gt.nii" "$WORK/test/"; done; done
pre="$WORK/pretrained-s$SIZE.labelfit"
if [[ " $STAGES " == *" pretrain "* && ! -f "$pre" ]]; then
  start=$(date +%s)
  lf pix2rep pretrain --images "$WORK/pre/*_img.nii" --out "$pre" --size "$SIZE" --width "$WIDTH" --features "$FEATURES" \
    --epochs "$PRE_EPOCHS" --seed "$SEED" --loss-curve "$WORK/pretrain-loss.png"
  echo "pretraining: $(( $(date +%s) - start )) s"
fi
[[ " $STAGES " == *" heads "* ]] || exit 0
for k in $LABELLED; do
  lab="$WORK/labelled$k"; mkdir -p "$lab"
  for p in "${patients[@]:0:$k}"; do for f in 01 02; do ln -sf "../crop/${p}_frame${f}_img.nii" "../crop/${p}_frame${f}_gt.nii" "$lab/"; done; done
  for mode in $MODES; do
    model="$WORK/$mode-$k.labelfit" out="$WORK/$mode-$k-labels"
    case $mode in
      probe|finetune) args=(--model "$pre" --mode "$mode") ;;
      finetune-mt) args=(--model "$pre" --mode finetune) ;;
      scratch*) args=(--from-scratch --width "$WIDTH" --features "$FEATURES" --size "$SIZE") ;;
    esac
    [[ $mode == *-mt ]] && args+=(--mean-teacher --unlabelled "$WORK/pre/*_img.nii" --ramp-up-epochs "$RAMP_UP_EPOCHS")
    start=$(date +%s)
    lf pix2rep train-head "${args[@]}" --images "$lab/*_img.nii" --labels "$lab/*_gt.nii" --image-suffix _img --label-suffix _gt \
      --classes 4 --class-names background,RV,MYO,LV --epochs "$HEAD_EPOCHS" --seed "$SEED" --intensity-augmentation "$HEAD_AUGMENT" --out "$model" --overwrite
    train=$(( $(date +%s) - start ))
    rm -rf "$out"
    lf pix2rep segment --model "$model" --input "$WORK/test/*_img.nii" --output "$out" > /dev/null
    lf eval --pred "$out" --truth "$WORK/test/*_gt.nii" --pred-suffix _img_labels --truth-suffix _gt --classes 4 \
      --out "$WORK/$mode-$k-dice.json" --overwrite > /dev/null
    python3 - "$mode" "$k" "$train" "$WORK/$mode-$k-dice.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[4]))["per_image_mean"]
dice = {c["index"]: c["dice"] for c in d["classes"]}
names = ["BG", "RV", "MYO", "LV"]
print("%-9s |Xtr|=%s  %s  mean(4, incl. BG) %.1f  (%d volumes, head training %s s)" % (sys.argv[1], sys.argv[2],
    "  ".join("%s %.1f" % (names[i], 100 * dice[i]) for i in range(4)), 100 * sum(dice.values()) / 4, d["images"], sys.argv[3]))
PY
  done
done
