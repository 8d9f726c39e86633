#!/usr/bin/env bash
# What `measure` costs the command it measures: the torch example of docs/memory.md (untraced) run twice each
# unmeasured, measured every 50 ms and every 250 ms. Needs `make build` and the venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
run=(.venv/bin/python bench/memory/heap_vs_rss.py --without-tracemalloc)
for round in 1 2; do
  /usr/bin/time -f "round $round, not measured: wall %e s, user %U s, system %S s" "${run[@]}" >/dev/null
  for interval in 50ms 250ms; do
    bin/polybridge measure --interval "$interval" -- "${run[@]}" 2>&1 >/dev/null \
        | grep -E "^(wall time|CPU time|sampling)" | sed "s/^/round $round, $interval: /"
  done
done
