#!/usr/bin/env bash
# The benchmark of docs/spark.md: SparkClassify against classify on this machine, same model and precision, each
# run measured from outside by `bin/polybridge measure` (wall time, peak PSS of the whole process tree).
#
#   spark/bench/spark-bench.sh [--rows 10001,100000] [--modes classify,local,cluster] [--precision fp32]
#                              [--model DIR] [--out DIR]
#
# --rows: 10001 is ../shared/data/wine-reviews-10k.csv; fewer takes its first rows, more repeats its rows (new ids).
# Modes: classify (bin/polybridge classify, its defaults: 2 workers, batch 8); local (spark-submit --master local[2]:
# one JVM, driver and executor); cluster (a standalone Master and 2 Workers on 127.0.0.1, 2 executors of 1 core, the
# whole cluster started and stopped inside the measured run, in a PID namespace so every process stays in its tree).
# Results: OUT/results.json and OUT/report.md (spark/bench/spark_report.py); OUT defaults to bench/results/spark-<time>.
set -euo pipefail
spark_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$(cd "$spark_dir/.." && pwd)"
rows="10001,100000"
modes="classify,local,cluster"
precision="fp32"
model="$home/models/distilbert-base-random"
out="$home/bench/results/spark-$(date -u +%Y%m%d-%H%M%S)"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --precision) precision="$2"; shift 2 ;;
    --model) model="$(cd "$2" && pwd)"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
python="$home/.venv/bin/python"
reviews="$home/../shared/data/wine-reviews-10k.csv"

# The input of N rows: the reviews' first N rows, or the reviews repeated with ids 0..N-1.
input_of() {
  local n="$1" file="$out/input-$1.csv"
  [ -f "$file" ] || "$python" - "$reviews" "$file" "$n" <<'PY'
import csv, itertools, sys
source, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(source, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = list(reader)
with open(target, "w", newline="", encoding="utf-8") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(header)
    for i, row in enumerate(itertools.islice(itertools.cycle(rows), n)):
        writer.writerow([str(i)] + row[1:])
PY
  echo "$file"
}

measure() {
  local name="$1"; shift
  echo "== $name ($(uptime | sed 's/.*load average/load average/'))" >&2
  uptime > "$out/$name.load-before"
  "$home/bin/polybridge" measure --interval 1s --json "$out/$name.measure.json" -- "$@" > "$out/$name.log" 2>&1 \
    || { echo "spark-bench: $name failed, see $out/$name.log" >&2; return 1; }
  uptime > "$out/$name.load-after"
}

for n in ${rows//,/ }; do
  input="$(input_of "$n")"
  for mode in ${modes//,/ }; do
    name="$mode-$n"
    case "$mode" in
      classify)
        measure "$name" "$home/bin/polybridge" classify --input "$input" --output "$out/$name.csv" --model "$model" \
          --precision "$precision" --progress off --summary-json "$out/$name.summary.json" ;;
      local)
        measure "$name" "$spark_dir/bin/spark.sh" submit "$out/state-$name" 'local[2]' -- --input "$input" \
          --output "$out/$name.out" --model "$model" --precision "$precision" --summary-json "$out/$name.summary.json" ;;
      cluster)
        measure "$name" unshare --fork --pid --mount-proc bash -c '
          set -u; script="$1"; state="$2"; shift 2
          "$script" start "$state" 2 4g > /dev/null || exit 2
          "$script" submit "$state" "$(cat "$state/master-url")" --conf spark.executor.cores=1 --conf spark.cores.max=2 \
            --conf spark.executor.memory=2g -- "$@"
          status=$?
          "$script" stop "$state"
          exit $status' cluster "$spark_dir/bin/spark.sh" "$out/state-$name" --input "$input" --output "$out/$name.out" \
          --model "$model" --precision "$precision" --summary-json "$out/$name.summary.json" ;;
      *) echo "spark-bench: unknown mode $mode" >&2; exit 2 ;;
    esac
  done
done
"$python" "$spark_dir/bench/spark_report.py" "$out" > "$out/report.md"
cat "$out/report.md"
