#!/usr/bin/env bash
# ACDC cine MRI (../shared/data/acdc_ssl4mis_3d) as 2D slices: the first TRAIN patients (sorted by name)
# train, the last TEST patients test; FRAMES picks frame01 and/or frame02. Then compare.sh.
#   docs/bench/acdc.sh                 # WORK=/tmp/acdc-bench keeps the outputs
#   SIZE=128 OUTER=500 FRAMES="01 02" docs/bench/acdc.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$here/../shared/data/acdc_ssl4mis_3d}" WORK="${WORK:-/tmp/acdc-bench}"
TRAIN="${TRAIN:-20}" TEST="${TEST:-10}" FRAMES="${FRAMES:-01}"
[ -d "$DATA" ] || { echo "acdc.sh: $DATA not found" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK/train" "$WORK/test"
mapfile -t patients < <(ls "$DATA" | sed -n 's/^\(patient[0-9]*\)_frame.*_img.nii.gz$/\1/p' | sort -u)
link() { for f in $FRAMES; do for k in img gt; do ln -s "$DATA/${1}_frame${f}_${k}.nii.gz" "$WORK/$2/"; done; done; }
for p in "${patients[@]:0:$TRAIN}"; do link "$p" train; done
for p in "${patients[@]: -$TEST}"; do link "$p" test; done
exec "$here/docs/bench/compare.sh" "$WORK" background,RV,MYO,LV 4 _img _gt
