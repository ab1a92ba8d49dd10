#!/usr/bin/env bash
# Left atrium (issue 11): OSS-Net A and C against the dense 3D U-Net baseline, trained by LabelFit on the same
# volumes for the same wall-clock time, all three at once (one thread each), from ../shared/data/la2018_lgemri
# (6 LGE-MRI volumes, about 200×140×88, labels 0/1): the first 4 names (sorted) train, the last 2 test.
# Prints, per model, the training time and peak RSS, the segmentation time and peak RSS, and the dense Dice of the
# left atrium per test volume (./labelfit eval).
#   docs/bench/la-ossnet.sh                         # BUDGET=900 s each, WORK=/tmp/la-ossnet
#   BUDGET=3600 POINTS=16384 docs/bench/la-ossnet.sh
# Environment: BUDGET (training seconds per model), GRID (OSS-Net padded grid; 224,160,96 holds every volume at its
#   own resolution and divides by 32 = the x2 downsampling times 4 encoder blocks), POINTS (OSS-Net points per
#   volume), PATCH (3D U-Net patch), SEED, LABELFIT_JAR (a fixed jar copy).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$here/../shared/data/la2018_lgemri}" WORK="${WORK:-/tmp/la-ossnet}"
BUDGET="${BUDGET:-900}" GRID="${GRID:-224,160,96}" POINTS="${POINTS:-4096}" PATCH="${PATCH:-96,96,48}" SEED="${SEED:-1}"
[ -d "$DATA" ] || { echo "la-ossnet.sh: $DATA not found" >&2; exit 2; }
mkdir -p "$WORK/train" "$WORK/test"
mapfile -t cases < <(ls "$DATA" | sed -n 's/_img\.nii\.gz$//p' | sort)
[ "${#cases[@]}" -ge 6 ] || { echo "la-ossnet.sh: expected 6 cases in $DATA, found ${#cases[@]}" >&2; exit 2; }
for c in "${cases[@]:0:4}"; do ln -sf "$DATA/${c}_img.nii.gz" "$DATA/${c}_gt.nii.gz" "$WORK/train/"; done
for c in "${cases[@]: -2}"; do ln -sf "$DATA/${c}_img.nii.gz" "$DATA/${c}_gt.nii.gz" "$WORK/test/"; done
lf() { LABELFIT_THREADS=1 /usr/bin/time -f "%e s wall, %M KB peak RSS" -o "$1" "$here/labelfit" "${@:2}"; }
pairs=(--images "$WORK/train/*_img.nii.gz" --labels "$WORK/train/*_gt.nii.gz" --image-suffix _img --label-suffix _gt)
echo "training, $BUDGET s each, concurrently: $(uptime)"
for v in A C; do
  # milestones past the budget: the official ones (20, 30) assume 50 epochs
  lf "$WORK/train-$v.time" ossnet train "${pairs[@]}" --variant "$v" --grid "$GRID" --points "$POINTS" --border-fraction 0.5 \
    --batch 1 --epochs 100000 --milestones 99998,99999 --validate-every 25 --max-seconds "$BUDGET" --seed "$SEED" \
    --out "$WORK/ossnet-$v.labelfit" --overwrite > "$WORK/train-$v.log" 2>&1 &
done
lf "$WORK/train-unet.time" unet train --dims 3 "${pairs[@]}" --patch "$PATCH" --epochs 100000 --max-seconds "$BUDGET" --seed "$SEED" \
  --out "$WORK/unet3d.labelfit" --overwrite > "$WORK/train-unet.log" 2>&1 &
wait
echo "segmenting, one model at a time: $(uptime)"
for m in ossnet-A ossnet-C unet3d; do
  rm -rf "$WORK/$m-labels"
  if [ "$m" = unet3d ]; then lf "$WORK/seg-$m.time" unet label --model "$WORK/$m.labelfit" --input "$WORK/test/*_img.nii.gz" --output "$WORK/$m-labels" > /dev/null
  else lf "$WORK/seg-$m.time" ossnet segment --model "$WORK/$m.labelfit" --input "$WORK/test/*_img.nii.gz" --output "$WORK/$m-labels" > /dev/null
  fi
  "$here/labelfit" eval --pred "$WORK/$m-labels" --truth "$WORK/test/*_gt.nii.gz" --pred-suffix _img_labels --truth-suffix _gt \
    --classes 2 --out "$WORK/$m-dice.json" --overwrite > /dev/null
done
python3 - "$WORK" <<'PY'
import json, re, sys
w = sys.argv[1]
def rss(f):
    t = open(f).read()
    return "%.1f s, %.2f GB" % (float(re.search(r"([\d.]+) s wall", t).group(1)), int(re.search(r"(\d+) KB", t).group(1)) / 2**20)
print("| model | training (wall, peak RSS) | segmenting 2 volumes (wall, peak RSS) | Dice LA per test volume | mean |")
print("|---|---|---|---|---|")
for m, t in (("ossnet-A", "A"), ("ossnet-C", "C"), ("unet3d", "unet")):
    d = json.load(open("%s/%s-dice.json" % (w, m)))
    per = [img["mean_foreground_dice"] for img in d["images"]]  # two classes: the left atrium's Dice
    print("| %s | %s | %s | %s | %.3f |" % (m, rss("%s/train-%s.time" % (w, t)), rss("%s/seg-%s.time" % (w, m)),
        ", ".join("%.3f" % x for x in per), sum(per) / len(per)))
PY
