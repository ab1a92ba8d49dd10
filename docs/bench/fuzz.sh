#!/usr/bin/env bash
# Fuzzes every LabelFit reader with seeded mutations of valid files (issue 8) and prints, per reader, how many inputs
# were accepted, rejected cleanly (one-line LabelFitException), or escaped as another exception, an OOM or a timeout.
# Usage: docs/bench/fuzz.sh [--per-reader 10000] [--time-limit-ms 2000] [--seed 1] [--readers tiff,png]
#        [--max-timeouts 5] [--no-bombs] [--failures DIR]
# Failing inputs, each with its stack trace, are saved under target/fuzz-failures/<reader>/. Exits 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath > /dev/null
# a 1 GB heap, as in the issue: a reader must refuse what does not fit, not run out of memory
exec java -Xmx1g -Djava.awt.headless=true -Dai.djl.offline=true \
  -cp "target/test-classes:target/classes:$(cat target/fuzz.classpath)" org.labelfit.fuzz.FuzzBenchmark "$@"
