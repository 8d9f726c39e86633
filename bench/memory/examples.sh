#!/usr/bin/env bash
# The measured examples of docs/memory.md, in order; results land in out/memory/.
# Needs `make build`; example 4 needs the venv (`make venv`: torch, transformers).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=out/memory
mkdir -p "$out"
# The interpreter itself, not a launcher shim (pyenv's would add its own processes to the tree).
python="$(python3 -c 'import sys; print(sys.executable)')"

echo "== 1. this JVM's own report"
bin/polybridge memory | tee "$out/memory.txt"

echo "== 2. four forked children, 50 MiB each"
bin/polybridge measure --json "$out/fork-private.json" -- "$python" bench/memory/fork_children.py

echo "== 3. four forked children reading 100 MiB their parent wrote"
bin/polybridge measure --json "$out/fork-shared.json" -- "$python" bench/memory/fork_children.py --mode shared --mb 100

echo "== 3b. four forked children mapping one model file (sst2-minilm-distilbert-v2/model.safetensors)"
bin/polybridge measure --json "$out/fork-mapped.json" -- "$python" bench/memory/fork_children.py --mode mapped

echo "== 4. torch with a DistilBERT-base-sized model: tracemalloc against RSS"
bin/polybridge measure --json "$out/torch-traced.json" -- .venv/bin/python bench/memory/heap_vs_rss.py
bin/polybridge measure --json "$out/torch-untraced.json" -- .venv/bin/python bench/memory/heap_vs_rss.py \
    --without-tracemalloc

echo "== 5. a JVM's own report, and the same JVM measured from outside"
bin/polybridge measure --json "$out/jvm-outside.json" -- bin/polybridge memory --json > "$out/jvm-inside.json"
