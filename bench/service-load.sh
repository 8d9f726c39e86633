#!/usr/bin/env bash
# The service load benchmark (docs/benchmarks.md, "HTTP service"): first `polybridge classify` on the same texts
# the load sends (the SST-2 validation sentences as a CSV, REPEAT times over), the throughput the service is held to;
# then for batching on and off, start `polybridge serve`, run `bench/polybridge-bench load` (single-text requests at each
# concurrency) from loopback, and sample the server's PSS before, during and after; then a soak run (batching on) of
# SOAK_SECONDS sampling PSS every 5 s and the server's memory report (GET /v1/memory: heap, JVM native, the rest)
# every MEMORY_EVERY seconds, to name the part that grows. Also a wrk cross-check at each concurrency when wrk is
# installed. Results: bench/results/service-*; bench/service_report.py prints the tables of docs/benchmarks.md from them.
#
#   bench/service-load.sh                         # the full run: 20 s per level, 300 s soak
#   DURATION=PT5S SOAK_SECONDS=30 bench/service-load.sh   # a short check
#
# Environment: MODEL (model dir, default models/distilbert-base-random: the real model's size and cost), PORT (default
# 18080), CONCURRENCY (default 1,8,32,128), DURATION (per level, ISO-8601, default PT20S), SOAK_SECONDS (default 300; 0
# skips it), SOAK_CONCURRENCY (default 32), MEMORY_EVERY (default 30), WORKERS (default 2), PRECISION (default fp32),
# REPEAT (how many times the 872 sentences are classified by `classify`, default 3), SERVE_ARGS (more `serve` options for both modes, e.g.
# "--max-batch-tokens 1024"), POLYBRIDGE_JAVA_OPTS (extra JVM flags for the server).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
MODEL="${MODEL:-models/distilbert-base-random}"
SHARED_DATA="${SHARED_DATA:-../shared/data}"
PORT="${PORT:-18080}"
CONCURRENCY="${CONCURRENCY:-1,8,32,128}"
DURATION="${DURATION:-PT20S}"
SOAK_SECONDS="${SOAK_SECONDS:-300}"
SOAK_CONCURRENCY="${SOAK_CONCURRENCY:-32}"
MEMORY_EVERY="${MEMORY_EVERY:-30}"
[ "$MEMORY_EVERY" -ge 1 ] 2> /dev/null || { echo "MEMORY_EVERY must be a whole number of seconds >= 1" >&2; exit 2; }
WORKERS="${WORKERS:-2}"
PRECISION="${PRECISION:-fp32}"
REPEAT="${REPEAT:-3}"
SERVE_ARGS="${SERVE_ARGS:-}"
stamp="$(date +%Y%m%d-%H%M%S)"
out="bench/results/service-$stamp"
mkdir -p "$out"
uptime > "$out/load-average.txt"
url="http://127.0.0.1:$PORT"
server_pid=""

pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }

start_server() { # $1: extra serve options
  # shellcheck disable=SC2086
  bin/polybridge serve --port "$PORT" --model "$MODEL" --workers "$WORKERS" --precision "$PRECISION" $SERVE_ARGS $1 \
      > "$out/server-$2.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    if curl -sf "$url/q/health/ready" > /dev/null; then return 0; fi
    if ! kill -0 "$server_pid" 2> /dev/null; then echo "the server exited; see $out/server-$2.log" >&2; exit 1; fi
    sleep 1
  done
  echo "the server was not ready within 600 s" >&2
  exit 1
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}
trap '[ -n "$server_pid" ] && kill -TERM "$server_pid" 2> /dev/null || true' EXIT

sample_pss() { # $1: file, $2: seconds between samples; runs until killed
  while kill -0 "$server_pid" 2> /dev/null; do
    echo "$(date +%s.%N) $(pss_kib "$server_pid")" >> "$1"
    sleep "$2"
  done
}

sample_memory_report() { # $1: file of JSON lines, $2: seconds between samples; runs until killed
  local report
  while kill -0 "$server_pid" 2> /dev/null; do
    if report="$(curl -sf --max-time 10 "$url/v1/memory")"; then printf '%s\n' "${report//$'\n'/}" >> "$1"; fi
    sleep "$2"
  done
}

wrk_check() { # $1: label
  command -v wrk > /dev/null || { echo "wrk not installed: no cross-check" > "$out/wrk-$1.txt"; return 0; }
  cat > "$out/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"texts": ["a gripping, funny and ultimately moving film"]}'
LUA
  for c in ${CONCURRENCY//,/ }; do
    echo "== wrk -c $c" >> "$out/wrk-$1.txt"
    wrk -t 1 -c "$c" -d 10s --latency -s "$out/post.lua" "$url/v1/classify" >> "$out/wrk-$1.txt" 2>&1
  done
}

# The baseline: classify (its defaults: 2 workers, batches of 8 sorted by length) on the same sentences.
python3 - "$SHARED_DATA/sst2-dev.tsv" "$out/sst2-dev-sentences.csv" "$REPEAT" <<'PY'
import csv, sys
rows = [line.split("\t", 1)[0] for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]]
rows = [r for r in rows if r.strip()]
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "sentence"])
    for i, text in enumerate(rows * int(sys.argv[3])):
        w.writerow([i, text])
PY
bin/polybridge classify --input "$out/sst2-dev-sentences.csv" --column sentence --model "$MODEL" --precision "$PRECISION" \
    --output "$out/classify-out.csv" --progress off --summary-json "$out/classify-summary.json" 2> "$out/classify.log"
rm -f "$out/classify-out.csv"
grep -E '^classify: [0-9]+ records' "$out/classify.log" || { cat "$out/classify.log" >&2; exit 1; }

for mode in on off; do
  flag=$([ "$mode" = on ] && echo "--batching" || echo "--no-batching")
  start_server "$flag" "$mode"
  sleep 5
  before=$(pss_kib "$server_pid")
  sample_pss "$out/pss-$mode.txt" 1 &
  sampler=$!
  bench/polybridge-bench load --url "$url" --concurrency "$CONCURRENCY" --duration "$DURATION" \
      --label "batching=$mode workers=$WORKERS model=$MODEL" --output "$out/load-$mode.json" | tee "$out/load-$mode.txt"
  kill "$sampler"; wait "$sampler" 2> /dev/null || true
  sleep 10
  after=$(pss_kib "$server_pid")
  echo "pss_kib before=$before max_during=$(awk '{print $2}' "$out/pss-$mode.txt" | sort -n | tail -1) after=$after" | tee "$out/pss-summary-$mode.txt"
  curl -s "$url/q/metrics" | grep -E '^polybridge_(batch_(size_texts|requests)_(sum|count)|batch_(padded_)?tokens_total|(python_call|engine_run)_seconds_(sum|count))' > "$out/batches-$mode.txt" || true
  [ "$mode" = on ] && wrk_check "$mode"
  stop_server
done

if [ "$SOAK_SECONDS" -gt 0 ]; then
  start_server "--batching" soak
  sleep 5
  echo "$(date +%s.%N) $(pss_kib "$server_pid") before" > "$out/soak-pss.txt"
  sample_pss "$out/soak-pss.txt" 5 &
  sampler=$!
  sample_memory_report "$out/soak-memory.jsonl" "$MEMORY_EVERY" &
  reporter=$!
  bench/polybridge-bench load --url "$url" --concurrency "$SOAK_CONCURRENCY" --duration "PT${SOAK_SECONDS}S" --warm-up PT0S \
      --label "soak batching=on" --output "$out/soak-load.json" | tee "$out/soak-load.txt"
  kill "$sampler" "$reporter" 2> /dev/null || true; wait "$sampler" "$reporter" 2> /dev/null || true
  sleep 10
  echo "$(date +%s.%N) $(pss_kib "$server_pid") after" >> "$out/soak-pss.txt"
  stop_server
fi
python3 bench/service_report.py "$out"
