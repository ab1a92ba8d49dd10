#!/usr/bin/env bash
# OSS-Net memory and decoder queries at scale against a dense 3D U-Net (issue 11; docs/benchmarks.md).
# Needs the models docs/bench/la-ossnet.sh leaves in $WORK (ossnet-C.labelfit, unet3d.labelfit, test/ links).
#  1. LA grid, the first test volume: OSS-Net C with MISE and with the optimised MISE (`ossnet segment`); the 3D U-Net
#     with its sliding windows (`unet label`) and in one whole-volume window (unet-whole-volume.jsh).
#  2. LARGE synthetic grid (default 512,512,256): OSS-Net C MISE (`bench ossnet`: a noisy ball, BraTS channels and
#     depth, weights after no training step), the 3D U-Net (the LA model) in one window, and with SLIDING_LARGE=1
#     in its sliding windows (about 10 min on 2 cores).
# Every run is its own process under /usr/bin/time -v (peak RSS) and `ulimit -v CAP_GB` (default 22), so a run that
# does not fit fails with PyTorch's allocation error instead of waking the machine's OOM killer.
# PARTS picks runs (default: la-ossnet la-unet large-ossnet large-unet).
# Usage: LABELFIT_JAR=... WORK=/work/la docs/bench/ossnet-memory.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:?set WORK to the folder of docs/bench/la-ossnet.sh}"
PARTS="${PARTS:-la-ossnet la-unet large-ossnet large-unet}" LARGE="${LARGE:-512,512,256}" CAP_GB="${CAP_GB:-22}" SLIDING_LARGE="${SLIDING_LARGE:-0}"
jar="${LABELFIT_JAR:-$(ls "$here"/target/LabelFit_-*-all.jar | tail -1)}"
export LABELFIT_JAR="$jar" LABELFIT_THREADS="${LABELFIT_THREADS:-2}" LABELFIT_XMX="${LABELFIT_XMX:-10g}"
# the launcher's allocator settings, for the jshell runs too
export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-68719476736}"
out="$WORK/memory"
mkdir -p "$out"
volume="$(ls "$WORK"/test/*_img.nii.gz | head -1)"

# run NAME CMD...: CMD's output in $out/NAME.log, its wall time and peak RSS printed
run() {
  local name="$1"; shift
  ( ulimit -v $((CAP_GB * 1024 * 1024)); /usr/bin/time -f "%e s wall, %M KB peak RSS" -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1 ) || true
  printf '%-28s %s | %s\n' "$name" "$(cat "$out/$name.time" | tail -1)" "$(grep -E "queries|U-Net,|FAILED|rror" "$out/$name.log" | tail -2 | tr '\n' ' ')"
}
# unet NAME PROPERTY...: docs/bench/unet-whole-volume.jsh with the LA U-Net under run
unet() {
  local name="$1"; shift
  run "$name" jshell -R-Xmx"$LABELFIT_XMX" -R-Dmodel="$WORK/unet3d.labelfit" "$@" --class-path "$jar" "$here/docs/bench/unet-whole-volume.jsh"
}

echo "LA grid: $(basename "$volume"), $(uptime)"
part() { [[ " $PARTS " == *" $1 "* ]]; }
part la-ossnet && for inference in mise mise-optimised; do
  rm -rf "$out/ossnet-C-$inference"
  run "la-ossnet-C-$inference" "$here/labelfit" ossnet segment --model "$WORK/ossnet-C.labelfit" --input "$volume" \
    --output "$out/ossnet-C-$inference" --inference "$inference"
done
part la-unet && rm -rf "$out/unet-sliding" && run la-unet-sliding "$here/labelfit" unet label --model "$WORK/unet3d.labelfit" --input "$volume" --output "$out/unet-sliding"
part la-unet && unet la-unet-whole -R-Dinput="$volume"

echo "large grid $LARGE: $(uptime)"
part large-ossnet && run large-ossnet-C-mise "$here/labelfit" bench ossnet --variant C --grid "$LARGE" --points 4096 --steps 0 --repeats 1
part large-unet && unet large-unet-whole -R-Dsize="$LARGE"
part large-unet && [ "$SLIDING_LARGE" = 1 ] && unet large-unet-sliding -R-Dsize="$LARGE" -R-Dwindows=sliding
echo "done: $(uptime)"
