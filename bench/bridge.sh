#!/usr/bin/env bash
# make bench-bridge: polybridge's bridge (`bench/polybridge-bench bridge`) and MetaCall's Go port
# (build/metacall/bin/metacall-bridge, from make metacall) calling the same trivial Python functions
# (bench/src/main/python/polybridge_bench/calls.py), one after the other on one machine. Writes bench/results/bridge.json,
# metacall-bridge.json and the load average around them, and prints the markdown table (bench/bridge_report.py).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results
mkdir -p "$out"
cat /proc/loadavg > "$out/bridge-load-before.txt"
bench/polybridge-bench bridge --repetitions 3 --entry-threads 1,2 --cold-starts 3 --output "$out/bridge.json" >/dev/null
build/metacall/bin/metacall-bridge --repetitions 3 > "$out/metacall-bridge.json"
cat /proc/loadavg > "$out/bridge-load-after.txt"
.venv/bin/python bench/bridge_report.py "$out"
