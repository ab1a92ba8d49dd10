#!/usr/bin/env bash
# OSS-Net speed: LabelFit's training step and MISE segmentation against a PyTorch eager implementation of the same
# network and step (docs/bench/ossnet_torch.py), back to back in the same run with the same thread count. Prints a
# table with the LabelFit/PyTorch ratios. MISE's time depends on how many points the (untrained) weights call
# occupied, which differs between the two, so its comparable number is the time per decoder query.
#
#   docs/bench/ossnet-speed.sh [VARIANT GRID POINTS]      (default C 64,64,32 4096)
# Environment: THREADS (2; PyTorch's set_num_threads and LabelFit's LABELFIT_THREADS), STEPS (3 timed steps after a
#   warm-up), REPEATS (2 timed MISE runs after a warm-up), TORCH_PYTHON (/usr/bin/python3, Debian's python3-torch 1.13),
#   LABELFIT_MALLOC_TUNE (0: glibc's malloc defaults for both sides; see ./labelfit).
set -euo pipefail
cd "$(dirname "$0")/../.."
V=${1:-C} G=${2:-64,64,32} N=${3:-4096}
THREADS=${THREADS:-2} STEPS=${STEPS:-3} REPEATS=${REPEATS:-2}
PY=${TORCH_PYTHON:-/usr/bin/python3}
# PyTorch runs under the allocator settings the ./labelfit launcher exports (LABELFIT_MALLOC_TUNE=0: glibc's defaults
# on both sides), so the two compare like for like
if [ "${LABELFIT_MALLOC_TUNE:-1}" != 0 ]; then
  export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}" MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-68719476736}"
fi
echo "malloc: MALLOC_MMAP_MAX_=${MALLOC_MMAP_MAX_:-unset} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-unset}"
out=$(mktemp -d)
echo "load before: $(uptime)"
LABELFIT_THREADS=$THREADS ./labelfit bench ossnet --variant "$V" --grid "$G" --points "$N" --steps "$STEPS" --repeats "$REPEATS" \
  2>/dev/null > "$out/labelfit.json"
echo "LabelFit done: $(uptime)"
"$PY" docs/bench/ossnet_torch.py --variant "$V" --grid "$G" --points "$N" --steps "$STEPS" --repeats "$REPEATS" --threads "$THREADS" \
  > "$out/torch.json"
echo "load after: $(uptime)"
python3 - "$out" "$V" "$G" "$N" "$THREADS" <<'PY'
import json, sys
d, v, g, n, t = sys.argv[1:]
lf, pt = json.load(open(d + "/labelfit.json")), json.load(open(d + "/torch.json"))
def fmt(s): return "%.3f (%.3f-%.3f, n %d)" % (s["median"], s["min"], s["max"], s["n"])
print("OSS-Net %s, 4 channels, 4 encoder blocks, grid %s, %s points, %s threads; median (min-max) of the timed repeats" % (v, g, n, t))
print("| | LabelFit | PyTorch %s eager | ratio |" % pt["torch"])
print("|---|---|---|---|")
a, b = lf["training_step_seconds"]["median"], pt["training_step_seconds"]["median"]
print("| training step, s | %s | %s | %.2fx |" % (fmt(lf["training_step_seconds"]), fmt(pt["training_step_seconds"]), a / b))
print("| MISE, s | %s | %s | |" % (fmt(lf["mise_seconds"]), fmt(pt["mise_seconds"])))
print("| MISE decoder queries (stride 4, 2, 1) | %s | %s | |" % (lf["mise_queries"], pt["mise_queries"]))
a, b = lf["mise_microseconds_per_query"], pt["mise_microseconds_per_query"]
print("| MISE per decoder query, us | %.1f | %.1f | %.2fx |" % (a, b, a / b))
print("| peak RSS after training (VmHWM), MB | %s | %s | |" % (lf["peak_resident_mb_after_training"], pt["peak_resident_mb_after_training"]))
print("| peak RSS during MISE, MB | %s | %s (process) | |" % (lf.get("peak_resident_mb_inference", lf.get("peak_resident_mb_since_start")), pt["peak_resident_mb"]))
print("torch losses finite: %s" % pt["losses_finite"])
PY
echo "raw JSON: $out"
