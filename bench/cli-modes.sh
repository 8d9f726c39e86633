#!/usr/bin/env bash
# CLI mode versus server mode (docs/service.md): which commands open a listening socket, and what the HTTP
# extensions cost a CLI start. Needs the packaged app (make build).
#
#   bench/cli-modes.sh                      # port check + 5 timed `--version` starts
#   BASELINE_APP="/path/a/quarkus-app /path/b/quarkus-app" RUNS=5 bench/cli-modes.sh   # also time other builds
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
RUNS="${RUNS:-5}"
java="$(bin/jvm-args.sh --java)"

# Runs a command and reports whether its process ever had a listening TCP socket (ss -ltnp, polled every 0.2 s).
listens() {
  "$@" > /dev/null 2>&1 &
  local pid=$! seen=no
  while kill -0 "$pid" 2> /dev/null; do
    if ss -ltnp 2> /dev/null | grep -q "pid=$pid,"; then seen=yes; fi
    sleep 0.2
  done
  local status=0
  wait "$pid" || status=$?
  printf '%-60s exit %-3s listening: %s\n' "$*" "$status" "$seen"
}

echo "== listening sockets"
listens bin/polybridge --version
listens bin/polybridge info
listens bin/polybridge regress --data ../shared/data/boston-housing.csv
listens bin/polybridge memory
listens bin/polybridge serve --port 18099 --model /nonexistent-model   # exits 2 once loading fails; listens meanwhile

time_starts() { # $1: label, $2: quarkus-app folder
  echo "== $1: $RUNS x '--version' (wall s, user CPU s, max RSS KiB)"
  for _ in $(seq 1 "$RUNS"); do
    # shellcheck disable=SC2046
    /usr/bin/time -f "%e %U %M" "$java" $(POLYBRIDGE_JAVA="$java" bin/jvm-args.sh) -jar "$2/quarkus-run.jar" --version 2>&1 > /dev/null | tail -1
  done | sort -n | awk '{w[NR]=$1; u[NR]=$2; m[NR]=$3} END {printf "median run by wall time: wall %.2f s, user CPU %.2f s, max RSS %d KiB (%d runs)\n", w[int((NR+1)/2)], u[int((NR+1)/2)], m[int((NR+1)/2)], NR}'
  # shellcheck disable=SC2046
  "$java" $(POLYBRIDGE_JAVA="$java" bin/jvm-args.sh) -Xlog:class+load:file=/tmp/polybridge-classes.$$ -jar "$2/quarkus-run.jar" --version > /dev/null 2>&1
  echo "classes loaded: $(wc -l < /tmp/polybridge-classes.$$)"
  rm -f /tmp/polybridge-classes.$$
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
time_starts "this build" target/quarkus-app
for app in ${BASELINE_APP:-}; do
  time_starts "other build $app" "$app"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
