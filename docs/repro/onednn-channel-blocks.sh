#!/usr/bin/env bash
# Runs docs/repro/OneDnnChannelBlocks.java (DJL only) on this machine's CPU; extra arguments go to java.
#   docs/repro/onednn-channel-blocks.sh                          # oneDNN's own ISA choice
#   DNNL_MAX_CPU_ISA=AVX2 docs/repro/onednn-channel-blocks.sh    # capped at AVX2 (moves the fault, does not remove it)
#   docs/repro/onednn-channel-blocks.sh -Dai.djl.pytorch.num_threads=2
# Exit status 0: every convolution correct; 1: this CPU is affected.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
cp_file=target/repro-classpath.txt
[ -s "$cp_file" ] || mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null
grep -m1 -E '^model name' /proc/cpuinfo || true
exec java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-1}" -DENGINE_CACHE_DIR="$HOME/.labelfit/djl" \
  -Dslf4j.internal.verbosity=ERROR "$@" -cp "$(cat "$cp_file")" docs/repro/OneDnnChannelBlocks.java
