#!/usr/bin/env bash
# Spark 4.2 from the jars the spark/ build resolved (no Spark download): a standalone cluster on 127.0.0.1 and
# spark-submit, both through Spark's own launcher (org.apache.spark.launcher.Main, as Spark's bin/spark-class),
# which adds the JVM options Spark needs on Java 25. docs/spark.md explains the flags.
#
#   spark.sh start STATE [WORKERS] [WORKER_MEMORY]   a Master and WORKERS Workers (default 2, 1 core and 3g each),
#                                                    ephemeral ports; prints the master URL
#   spark.sh stop STATE                              stops, by PID, every process start launched and their children
#                                                    (the executors)
#   spark.sh submit STATE MASTER [SUBMIT_OPTION...] -- [SparkClassify OPTION...]
#                                                    runs SparkClassify with spark-submit; MASTER is spark://... or
#                                                    local[N]; the GraalPy JIT flags go to the driver and executors
# STATE is a directory of the caller's (logs, PIDs, the SPARK_HOME of symlinks).
set -euo pipefail
spark_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$(cd "$spark_dir/.." && pwd)"
JAVA_HOME="${JAVA_HOME:-$("$home/bin/java-home.sh")}"
export JAVA_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1
export SPARK_CONF_DIR="$spark_dir/conf"
target="$spark_dir/target"
jit_dir="$target/jvmci"

die() { echo "spark.sh: $*" >&2; exit 2; }
[ -f "$target/spark-jars.txt" ] && [ -d "$jit_dir" ] || die "build first: make spark"

# A SPARK_HOME whose jars/ holds Spark's jars, as a Spark distribution has them.
make_home() {
  local spark_home="$1/spark-home"
  if [ ! -d "$spark_home/jars" ]; then
    mkdir -p "$spark_home/jars.tmp"
    tr ':' '\n' < "$target/spark-jars.txt" | while read -r jar; do ln -s "$jar" "$spark_home/jars.tmp/"; done
    mv "$spark_home/jars.tmp" "$spark_home/jars"
  fi
  echo "$spark_home"
}

# Spark's bin/spark-class: the launcher prints messages, then NUL and a newline, then the java command
# NUL-separated; its exit code follows here.
spark_class_command() {
  local spark_home="$1"; shift
  local -a out=()
  while IFS= read -r -d '' arg; do out+=("$arg"); done < <(
    SPARK_HOME="$spark_home" "$JAVA_HOME/bin/java" -Xmx128m -cp "$spark_home/jars/*" org.apache.spark.launcher.Main "$@"
    printf '%d\0' $?)
  local status=${out[${#out[@]}-1]}
  [ "$status" = 0 ] && [ "${#out[@]}" -gt 2 ] || die "Spark's launcher failed for $*: ${out[*]}"
  [ -z "${out[0]}" ] || echo "${out[0]}" >&2
  out[1]="${out[1]#$'\n'}"
  printf '%s\0' "${out[@]:1:${#out[@]}-2}"
}

# Starts CLASS ARGS in the background; its PID goes to STATE/pids, its output to STATE/logs/NAME.log.
launch() {
  local state="$1" name="$2"; shift 2
  local spark_home; spark_home="$(make_home "$state")"
  local -a cmd=()
  while IFS= read -r -d '' arg; do cmd+=("$arg"); done < <(spark_class_command "$spark_home" "$@")
  mkdir -p "$state/logs"
  SPARK_HOME="$spark_home" setsid "${cmd[@]}" > "$state/logs/$name.log" 2>&1 < /dev/null &
  echo "$!" >> "$state/pids"
}

wait_for_line() {
  local file="$1" pattern="$2" seconds="$3"
  for _ in $(seq "$((seconds * 5))"); do
    if grep -q -E "$pattern" "$file" 2>/dev/null; then grep -o -E "$pattern" "$file" | head -1; return 0; fi
    sleep 0.2
  done
  return 1
}

start() {
  local state="$1" workers="${2:-2}" memory="${3:-3g}"
  mkdir -p "$state"
  [ ! -s "$state/pids" ] || die "$state already has a running cluster (stop it first)"
  # No REST submission server: it would listen on the fixed port 6066.
  SPARK_MASTER_OPTS="-Dspark.master.rest.enabled=false" \
    launch "$state" master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0
  local url
  url="$(wait_for_line "$state/logs/master.log" 'spark://127\.0\.0\.1:[0-9]+' 120)" \
    || { stop "$state"; die "the Master did not start: $state/logs/master.log"; }
  for i in $(seq "$workers"); do
    mkdir -p "$state/work-$i"
    launch "$state" "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores 1 --memory "$memory" --work-dir "$state/work-$i" "$url"
  done
  for i in $(seq "$workers"); do
    wait_for_line "$state/logs/worker-$i.log" 'Successfully registered with master' 120 > /dev/null \
      || { stop "$state"; die "worker $i did not register: $state/logs/worker-$i.log"; }
  done
  echo "$url" > "$state/master-url"
  echo "$url"
}

# The PIDs of a process and all its descendants, children first.
tree_pids() {
  local pid="$1" child
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do tree_pids "$child"; done
  echo "$pid"
}

stop() {
  local state="$1"
  [ -f "$state/pids" ] || return 0
  local -a all=()
  local pid
  for pid in $(tac "$state/pids"); do
    kill -0 "$pid" 2>/dev/null && mapfile -t -O "${#all[@]}" all < <(tree_pids "$pid")
  done
  [ "${#all[@]}" -eq 0 ] || kill -TERM "${all[@]}" 2>/dev/null || true
  for _ in $(seq 100); do
    local alive=0
    for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$state/pids" "$state/master-url"
}

submit() {
  local state="$1" master="$2"; shift 2
  local -a submit_options=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do submit_options+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  local spark_home; spark_home="$(make_home "$state")"
  local jit="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$jit_dir -XX:TieredStopAtLevel=1"
  local jars; jars="$(find "$target/job-jars" -name '*.jar' | sort | paste -sd, -)"
  local app; app="$(find "$target" -maxdepth 1 -name 'polybridge-spark-*.jar' | head -1)"
  local -a cmd=()
  while IFS= read -r -d '' arg; do cmd+=("$arg"); done < <(spark_class_command "$spark_home" \
    org.apache.spark.deploy.SparkSubmit --master "$master" --deploy-mode client \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --driver-java-options "$jit -XX:NativeMemoryTracking=summary" \
    --conf "spark.executor.extraJavaOptions=$jit -XX:NativeMemoryTracking=summary" \
    --jars "$jars" "${submit_options[@]}" --class dev.polybridge.spark.SparkClassify "$app" "$@")
  SPARK_HOME="$spark_home" "${cmd[@]}"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  submit) shift; submit "$@" ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
