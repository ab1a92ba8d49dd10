#!/usr/bin/env bash
# UniverSeg on held-out tasks: train from scratch on brain/ACDC/LA tasks plus synthetic tasks, then score WBC and the
# MedScribble tasks at S = 1, 4, 16, 32 with and without an ensemble, against a random forest on the same supports.
#   docs/bench/universeg.sh              # WORK=/tmp/labelfit-universeg; STEPS=4000; MODEL=... to skip training
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${WORK:-/tmp/labelfit-universeg}" STEPS="${STEPS:-4000}"
MODEL="${MODEL:-$WORK/universeg-cpu.labelfit}"
/usr/bin/python3 "$here/docs/bench/universeg_prepare.py" --out "$WORK"
T="$WORK/train" E="$WORK/eval"
if [ ! -f "$MODEL" ]; then
	LABELFIT_THREADS=1 "$here/labelfit" universeg train --data "$T/acdc" "$T/la" "$T/brain_axial" "$T/brain_coronal" \
		"$T/brain_sagittal" --support-size 8 --steps "$STEPS" --learning-rate 3e-4 --synthetic-fraction 0.25 \
		--checkpoint-every 250 --seed 42 --device cpu --out "$MODEL" --loss-curve "${MODEL%.labelfit}-loss.png"
fi
"$here/labelfit" bench universeg-tasks --model "$MODEL" --tasks "$E/wbc_cv" "$E/wbc_jtsc" --support-sizes 1,4,16,32 \
	--ensemble 4 --queries 20 --device cpu --json "$WORK/wbc.json"
"$here/labelfit" bench universeg-tasks --model "$MODEL" --tasks "$E"/medscribble_* --support-sizes 1,2,4 \
	--ensemble 4 --queries 5 --device cpu --json "$WORK/medscribble.json"
