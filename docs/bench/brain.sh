#!/usr/bin/env bash
# brain_vxm_aseg coronal slices, 4 tissue classes + background: even slices train, odd slices test.
#   docs/bench/brain.sh                # WORK=/tmp/brain-bench keeps the outputs
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
DATA="${DATA:-$here/../shared/data/brain_vxm_aseg}" WORK="${WORK:-/tmp/brain-bench}"
[ -d "$DATA" ] || { echo "brain.sh: $DATA not found" >&2; exit 2; }
rm -rf "$WORK" && mkdir -p "$WORK"
/usr/bin/python3 "$here/docs/bench/brain_prepare.py" "$DATA" "$WORK"
exec "$here/docs/bench/compare.sh" "$WORK" "background,CSF,cortex,white matter,subcortical GM" 5 _img _gt
