#!/usr/bin/env bash
# Pix2Rep pretraining-step speed: LabelFit against a PyTorch eager implementation of the same step, in the same run
# with the same thread count; then LabelFit's inference time and peak memory per 128x128 slice for the paper
# configuration. Prints a table (median and spread over RUNS processes) with the LabelFit/PyTorch ratio.
#
#   docs/bench/pix2rep-speed.sh [WIDTH FEATURES]      (default 16 128, the CPU default)
# Environment: THREADS (2; PyTorch's set_num_threads and LabelFit's LABELFIT_THREADS), RUNS (3), STEPS (2 timed
#   steps per run after a warm-up), BATCH (8), PAPER (1: also time the paper configuration's inference; 0: skip),
#   TORCH_PYTHON (/usr/bin/python3, Debian's python3-torch 1.13).
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:-16} F=${2:-128}
THREADS=${THREADS:-2} RUNS=${RUNS:-3} STEPS=${STEPS:-2} BATCH=${BATCH:-8} PAPER=${PAPER:-1}
PY=${TORCH_PYTHON:-/usr/bin/python3}
out=$(mktemp -d)
echo "load before: $(uptime)"
for r in $(seq "$RUNS"); do
  LABELFIT_THREADS=$THREADS ./labelfit bench pix2rep --width "$W" --features "$F" --batch "$BATCH" --steps "$STEPS" --inference \
    2>/dev/null > "$out/labelfit_$r.json"
  "$PY" docs/bench/pix2rep_torch.py --width "$W" --features "$F" --batch "$BATCH" --steps "$STEPS" --threads "$THREADS" \
    --inference 3 > "$out/torch_$r.json"
  echo "run $r done: $(uptime)"
done
if [ "$PAPER" = 1 ]; then
  LABELFIT_THREADS=$THREADS ./labelfit bench pix2rep --width 64 --features 1024 --steps 0 --inference --repeats 3 \
    2>/dev/null > "$out/labelfit_paper.json"
fi
echo "load after: $(uptime)"
python3 - "$out" "$W" "$F" "$BATCH" "$THREADS" <<'PY'
import glob, json, statistics, sys
d, w, f, b, t = sys.argv[1:]
def load(p): return [json.load(open(x)) for x in sorted(glob.glob(d + "/" + p))]
lf, pt = load("labelfit_[0-9]*.json"), load("torch_[0-9]*.json")
def col(rs, k): return [r[k]["median"] for r in rs if r.get(k)]
def fmt(v): return "%.3f (%.3f-%.3f)" % (statistics.median(v), min(v), max(v)) if v else "-"
print("Pix2Rep w=%s F=%s, batch %s, 128x128, %s threads; median over runs (min-max of the per-run medians)" % (w, f, b, t))
print("| | LabelFit | PyTorch %s | ratio |" % pt[0]["torch"])
print("|---|---|---|---|")
for k, name in (("training_step_seconds", "pretraining step, s"), ("inference_seconds_per_slice", "inference per slice, s")):
    a, p = col(lf, k), col(pt, k)
    print("| %s | %s | %s | %.2fx |" % (name, fmt(a), fmt(p), statistics.median(a) / statistics.median(p)))
print("| peak RSS (VmHWM), MB | %s | %s | |" % (max(r["peak_resident_mb_after_training"] for r in lf), max(r["peak_resident_mb"] for r in pt)))
print("| peak RSS during inference, MB | %s | | |" % max(r.get("peak_resident_mb_inference", -1) for r in lf))
print("torch NaN check: losses finite %s, forward finite %s, oneDNN vs plain max |diff| %s" % (
    all(r["losses_finite"] for r in pt), all(r["forward_finite"] for r in pt), max(r["onednn_vs_plain_max_abs_diff"] for r in pt)))
for p in glob.glob(d + "/labelfit_paper.json"):
    r = json.load(open(p)); i = r["inference_seconds_per_slice"]
    print("paper config (w=64, F=1024): inference %.2f s per slice (min %.2f, max %.2f, n %d), peak RSS %s MB" % (
        i["median"], i["min"], i["max"], i["n"], r.get("peak_resident_mb_inference", r.get("peak_resident_mb_since_start"))))
PY
echo "raw JSON: $out"
