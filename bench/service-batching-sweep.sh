#!/usr/bin/env bash
# How the batching settings of `serve` trade throughput against latency (docs/benchmarks.md, "HTTP service",
# "Choosing the batching defaults"): for each variant of serve options, a fresh server, 10 s of unrecorded warm-up at
# the highest concurrency, then single-text requests at each concurrency (`polybridge bench load`), the server's CPU
# time per request at each (from /proc/PID/stat: on a busy machine a steadier measure of the work a request costs than
# the rate), and the padding the server's meters counted. Variants run in turn, ROUNDS times over (interleaved, so a
# change in the machine's load hits all alike).
#
#   bench/service-batching-sweep.sh
#   VARIANTS="--no-batching|--max-batch-tokens 512 --max-padding 0.2" CONCURRENCY=32 bench/service-batching-sweep.sh
#
# Environment: MODEL (default models/distilbert-base-random), VARIANTS ('|'-separated serve options), CONCURRENCY
# (default 8,32), DURATION (per level, default PT15S), ROUNDS (default 2), WORKERS (default 2), PORT (default: a free one).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
MODEL="${MODEL:-models/distilbert-base-random}"
VARIANTS="${VARIANTS:---no-batching|--max-batch-tokens 512 --max-padding 0.1|--max-batch-tokens 512 --max-padding 0.2|--max-batch-tokens 512 --max-padding 0.35|--max-batch-tokens 1024 --max-padding 0.35}"
CONCURRENCY="${CONCURRENCY:-8,32}"
DURATION="${DURATION:-PT15S}"
ROUNDS="${ROUNDS:-2}"
WORKERS="${WORKERS:-2}"
PORT="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
out="bench/results/service-sweep-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
url="http://127.0.0.1:$PORT"
server_pid=""
trap '[ -n "$server_pid" ] && kill -TERM "$server_pid" 2> /dev/null || true' EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime of the server, in clock ticks

IFS='|' read -r -a variants <<< "$VARIANTS"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!variants[@]}"; do
    options="${variants[$i]}"
    name="round$round-variant$i"
    echo "$options" > "$out/$name.options"
    uptime > "$out/$name.uptime"
    # shellcheck disable=SC2086
    bin/polybridge serve --port "$PORT" --model "$MODEL" --workers "$WORKERS" $options > "$out/$name.server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
      curl -sf "$url/q/health/ready" > /dev/null && break
      kill -0 "$server_pid" 2> /dev/null || { echo "the server exited; see $out/$name.server.log" >&2; exit 1; }
      sleep 1
    done
    warm_up=$(tr ',' '\n' <<< "$CONCURRENCY" | sort -n | tail -1)
    bin/polybridge bench load --url "$url" --concurrency "$warm_up" --duration PT10S --warm-up PT0S > /dev/null
    for c in ${CONCURRENCY//,/ }; do
      before=$(cpu_ticks "$server_pid")
      bin/polybridge bench load --url "$url" --concurrency "$c" --duration "$DURATION" --warm-up PT0S --label "$options" \
          --output "$out/$name-c$c.json" > "$out/$name-c$c.txt"
      echo "$(( $(cpu_ticks "$server_pid") - before ))" > "$out/$name-c$c.cpu_ticks"
    done
    curl -s "$url/q/metrics" | grep -E '^polybridge_batch_(size_texts_(sum|count)|(padded_)?tokens_total)' > "$out/$name.metrics" || true
    kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
    echo "round $round: $options done"
  done
done

python3 - "$out" "$(getconf CLK_TCK)" <<'PY'
import json, re, statistics, sys
from pathlib import Path
folder, ticks_per_second = Path(sys.argv[1]), int(sys.argv[2])
runs = {}
for options_file in sorted(folder.glob("*.options")):
    name = options_file.stem
    options = options_file.read_text().strip()
    metrics = dict(re.findall(r"^(\S+) (\S+)$", (folder / f"{name}.metrics").read_text(), re.M))
    for level_file in sorted(folder.glob(f"{name}-c*.json")):
        level = json.loads(level_file.read_text())["levels"][0]
        ticks = int((folder / f"{level_file.stem}.cpu_ticks").read_text())
        cpu_ms = 1000 * ticks / ticks_per_second / max(1, level["requests"])
        runs.setdefault((options, level["concurrency"]), []).append((level, cpu_ms, metrics))
loads = sorted(float(f.read_text().split("load average:")[1].split(",")[0]) for f in folder.glob("*.uptime"))
print(f"{folder}: 1-minute load average before each server {loads[0]:.1f} to {loads[-1]:.1f}")
print()
print("Medians of the rounds. Texts per batch and padding are the server's meters over each whole run (warm-up and")
print("every level); server CPU per request is its user + system time over the level divided by its requests.")
print()
print("| serve options | concurrency | req/s | p99 ms | server CPU ms per request | texts per batch | padding |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (options, concurrency), results in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    rps = statistics.median(l["requests_per_second"] for l, _, _ in results)
    p99 = statistics.median(l["p99_ms"] for l, _, _ in results)
    cpu = statistics.median(c for _, c, _ in results)
    texts = sum(float(m.get("polybridge_batch_size_texts_sum", 0)) for _, _, m in results)
    count = sum(float(m.get("polybridge_batch_size_texts_count", 0)) for _, _, m in results)
    tokens = sum(float(m.get("polybridge_batch_tokens_total", 0)) for _, _, m in results)
    padded = sum(float(m.get("polybridge_batch_padded_tokens_total", 0)) for _, _, m in results)
    print(f"| `{options}` | {concurrency} | {rps:.1f} | {p99:.0f} | {cpu:.1f} | {texts / count if count else 0:.1f} | "
          f"{f'{100 * (padded - tokens) / padded:.1f}%' if padded else 'n/a'} |")
PY
