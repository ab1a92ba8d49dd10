#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1 (not in the test run): one master and one worker started from the
# Maven jars (target/spark-classpath.txt, no Spark download), a labelling job over the sample data compared with the
# local runner, then the worker killed mid-job and restarted and the job resubmitted: every output must be present
# once and identical to the local run. Prints items per second for local, local[2] and the cluster.
#   docs/bench/spark-cluster.sh [WORKDIR]      (needs: mvn -B -DskipTests package; ports 7077, 18080, 18081 free)
# Env: INPUT (folder of images, default sample-data/test/images), PATTERN (file names to take, default *), LIMIT
# (the first N of them), FIT_STEPS (MetaSeg steps per image, default 20). A real shared dataset, 40 WBC images:
#   INPUT="../shared/data/wbc_zheng2018/Dataset 2" PATTERN='*.bmp' LIMIT=40 docs/bench/spark-cluster.sh /tmp/wbc
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
# the inputs are linked into one folder, so that masks beside the images (PATTERN picks the images) and spaces in
# the path do no harm; LIMIT takes the first N
input="$work/input"
rm -rf "$input" && mkdir -p "$input"
find -L "${INPUT:-$here/sample-data/test/images}" -maxdepth 1 -type f -name "${PATTERN:-*}" | sort | head -n "${LIMIT:-100000}" |
  while read -r f; do ln -s "$f" "$input/"; done
model="$here/sample-data/metaseg-phantom.labelfit"
steps="${FIT_STEPS:-20}"
jar="$here/target/labelfit-spark-all.jar"
[ -f "$jar" ] && [ -f "$here/target/spark-classpath.txt" ] || (cd "$here" && mvn -q -B -DskipTests package)
export SPARK_LOCAL_IP=127.0.0.1 LABELFIT_THREADS=1

# SPARK_HOME/jars of links: the worker builds executor class paths as $SPARK_HOME/jars/*
spark_home="$work/spark-home"
mkdir -p "$spark_home/jars" "$spark_home/conf"
tr ':' '\n' < "$here/target/spark-classpath.txt" | while read -r j; do ln -sf "$j" "$spark_home/jars/"; done
# without a RELEASE file or build folders, Spark's launcher must be told the Scala line to build executor commands
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.12
flags="@$here/spark/java17-flags"
cp="$spark_home/jars/*"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_for() { # TEXT LOG PID
  until grep -qs "$1" "$2"; do
    kill -0 "$3" 2>/dev/null || { echo "process $3 died; $2:"; tail -5 "$2"; exit 1; }
    sleep 1
  done
}
start_worker() {
  java "$flags" -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 4g \
    --webui-port 18081 --work-dir "$work/worker" spark://127.0.0.1:7077 > "$work/worker-$1.log" 2>&1 &
  worker=$!
  pids+=("$worker")
  wait_for "Successfully registered with master" "$work/worker-$1.log" "$worker"
}
java "$flags" -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 \
  > "$work/master.log" 2>&1 &
pids+=("$!")
wait_for "I have been elected leader" "$work/master.log" "$!"
start_worker 1

n=$(ls "$input" | wc -l)
timed() { # NAME COMMAND... : runs it, prints items/s
  local name=$1; shift
  local t0=$(date +%s.%N)
  "$@" > "$work/$name.log" 2>&1 || echo "$name: exit $? (see $work/$name.log)"
  local t=$(echo "$(date +%s.%N) - $t0" | bc)
  echo "$name: $n items in $t s = $(echo "scale=3; $n / $t" | bc) items/s"
}
label() { echo metaseg label --model "$model" --input "$input" --fit-steps "$steps" --device cpu --output "$1"; }
submit() { # OUT : the driver against the cluster, as spark-submit would start it
  java "$flags" -Xmx2g -cp "$jar:$(cat "$here/target/spark-classpath.txt")" \
    -Dspark.jars="$jar" -Dspark.executor.extraJavaOptions="-Dai.djl.offline=true -DENGINE_CACHE_DIR=$work/node-djl" \
    org.labelfit.spark.SparkMain --master spark://127.0.0.1:7077 $(label "$1")
}

timed local "$here/labelfit" $(label "$work/local")
timed local2 "$here/labelfit" spark --master 'local[2]' $(label "$work/local2")
timed cluster submit "$work/cluster"

# kill the worker once the job has written its first output, restart it, resubmit
rm -rf "$work/resumed"
submit "$work/resumed" > "$work/killed.log" 2>&1 &
driver=$!
until ls "$work/resumed"/*_labels.tif >/dev/null 2>&1; do
  kill -0 "$driver" 2>/dev/null || { echo "the job ended before its first output; $work/killed.log"; exit 1; }
  sleep 0.5
done
kill -9 "$worker"
echo "killed the worker after $(ls "$work/resumed"/*_labels.tif | wc -l) outputs"
start_worker 2
wait "$driver" || echo "the interrupted job ended with exit $? (expected when its executor is lost for good)"
timed resubmitted submit "$work/resumed"

status=0
for d in local2 cluster resumed; do
  for f in "$work/local"/*_labels.tif; do
    cmp -s "$f" "$work/$d/$(basename "$f")" || { echo "$d: $(basename "$f") missing or different"; status=1; }
  done
  [ "$(ls "$work/$d"/*_labels.tif | wc -l)" = "$n" ] || { echo "$d: not $n label files"; status=1; }
  ls -a "$work/$d" | grep -q '^\.labelfit-' && { echo "$d: temporary files left"; status=1; }
done
# the interrupted job usually finishes on the restarted worker (Spark retries the lost tasks, which skip what exists)
grep -v ' INFO ' "$work/killed.log" | grep -E 'Lost executor|inputs:' || true
echo "resubmitted job: $(grep -c ',done,' "$work/resumed/labelfit-manifest.csv" || true) done, $(grep -c ',skipped,' "$work/resumed/labelfit-manifest.csv" || true) skipped"
[ $status = 0 ] && echo "OK: every output present once and identical to the local run"
exit $status
