#!/usr/bin/env bash
# GPU check (not in the test run): every method's forward passes on --device gpu against --device cpu, over the
# repository's sample data. Run it on a machine with an NVIDIA GPU and a CUDA libtorch 2.7.1:
#   PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_VERSION=2.7.1 docs/bench/gpu-check.sh [WORKDIR]
# (or PYTORCH_FLAVOR=cu128 LABELFIT_JAVA_OPTS=-Dai.djl.offline=false when DJL may download; docs/scaleout.md).
# Prints, per method, the device each run used and the Dice of the GPU labels against the CPU labels; MetaSeg fits
# per image (floating-point order differs), so expect Dice close to, not exactly, 1 there; forward-only methods ~1.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
lf="$here/labelfit"
data="$here/sample-data"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
echo "work folder: $work"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "no nvidia-smi"

# small models made here on the CPU: only the devices' forward passes are compared, not accuracy
[ -f "$work/unet.labelfit" ] || "$lf" unet train --images "$data/train/images" --labels "$data/train/labels" \
  --out "$work/unet.labelfit" --size 64 --features 16 --epochs 2 --device cpu
[ -f "$work/universeg.labelfit" ] || "$lf" universeg train --data "$data/train" --out "$work/universeg.labelfit" \
  --steps 2 --width 16 --size 64 --device cpu

run() { # NAME DEVICE COMMAND...
  local name=$1 device=$2; shift 2
  local out="$work/$name-$device"
  rm -rf "$out"
  local start=$(date +%s.%N)
  "$lf" "$@" --output "$out" --device "$device" 2>&1 | grep -E "using (GPU|CPU)|failed|labelfit:" | head -3 | sed "s/^/  $name $device: /"
  echo "  $name $device: $(echo "$(date +%s.%N) - $start" | bc) s"
}
compare() { # NAME
  "$lf" eval --pred "$work/$1-gpu" --truth "$work/$1-cpu" --pred-suffix _labels --truth-suffix _labels 2>/dev/null | head -12 || true
}

sup=(--support-images "$data/train/images" --support-labels "$data/train/labels")
for device in cpu gpu; do
  run metaseg $device metaseg label --model "$data/metaseg-phantom.labelfit" --input "$data/test/images"
  run universeg $device universeg segment --model "$work/universeg.labelfit" "${sup[@]}" --input "$data/test/images"
  run unet $device unet label --model "$work/unet.labelfit" --input "$data/test/images"
done
for m in metaseg universeg unet; do
  echo "$m gpu vs cpu:"
  compare $m
  for f in "$work/$m-cpu"/*_labels.tif; do
    cmp -s "$f" "$work/$m-gpu/$(basename "$f")" && echo "  $(basename "$f") identical" || echo "  $(basename "$f") differs"
  done
done
