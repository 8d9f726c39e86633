#!/usr/bin/env bash
# Issue 3's side-by-side figures, in one run on one machine: polybridge's process_batch (GraalPy pipeline +
# ONNX Runtime for Java) against CPython + HF tokenizers + onnxruntime on the same ONNX files, and the
# transformers pipeline (batch 32) on the same weights. Writes bench/results/sentiment-*.json and prints a
# markdown table (bench/sentiment_report.py).
#   usage: bench/sentiment.sh [MODEL_DIR] [LIMIT]     (default models/distilbert-base-random 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-models/distilbert-base-random}"
limit="${2:-1000}"
out=bench/results
mkdir -p "$out"
uptime > "$out/sentiment-load-before.txt"
bench/polybridge-bench sentiment --model "$model" --limit "$limit" --output "$out/sentiment-polybridge.json" >/dev/null
for precision in fp32 int8; do
  .venv/bin/python bench/python/python_onnxruntime.py --model "$model" --limit "$limit" --precision "$precision" \
    --output "$out/sentiment-ort-$precision.jsonl" > "$out/sentiment-ort-$precision.json"
done
.venv/bin/python bench/python/python_single.py --model "$model" --limit "$limit" --batch-size 32 \
  --output "$out/sentiment-transformers.jsonl" > "$out/sentiment-transformers.json"
uptime > "$out/sentiment-load-after.txt"
.venv/bin/python bench/sentiment_report.py "$out"
