#!/usr/bin/env bash
# Graceful shutdown with work in flight, end to end (docs/service.md): start `polybridge serve`, put a 300-row CSV
# upload and 10 JSON requests in flight, send SIGTERM, send one more request, and report what each got, the
# server's exit status and whether the JVM crashed (hs_err file). MODEL (model dir), PORT (default 18081).
set -uo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
MODEL="${MODEL:-models/sst2-minilm-distilbert-v2}"
PORT="${PORT:-18081}"
url="http://127.0.0.1:$PORT"
work="$(mktemp -d)"
bin/polybridge serve --port "$PORT" --model "$MODEL" > "$work/server.log" 2>&1 &
server=$!
until curl -sf "$url/q/health/ready" > /dev/null; do
  kill -0 "$server" 2> /dev/null || { echo "server exited: $work/server.log"; exit 1; }
  sleep 1
done
head -301 ../shared/data/wine-reviews-10k.csv > "$work/upload.csv"
curl -s "$url/v1/classify/csv" -H 'Content-Type: text/csv' --data-binary @"$work/upload.csv" > "$work/upload.jsonl" &
uploader=$!
clients=()
for i in $(seq 1 10); do
  curl -s -o "$work/r$i.json" -w "%{http_code}\n" "$url/v1/classify" -H 'Content-Type: application/json' \
      -d "{\"texts\": [\"request $i: a long, layered red with notes of cherry, cedar and tobacco\"]}" > "$work/s$i.txt" &
  clients+=($!)
done
sleep 1
kill -TERM "$server"
sleep 0.5
late=$(curl -s -o "$work/late.json" -w "%{http_code}" "$url/v1/classify" -H 'Content-Type: application/json' -d '{"texts": ["late"]}')
wait "$uploader" "${clients[@]}"
wait "$server"
status=$?
echo "in-flight JSON requests: $(cat "$work"/s*.txt | sort | uniq -c | tr -s ' ' | paste -sd ',')"
echo "in-flight CSV upload: $(grep -c '"label"' "$work/upload.jsonl") of 300 rows classified, last line: $(tail -c 120 "$work/upload.jsonl")"
echo "request after SIGTERM: $late $(cat "$work/late.json")"
echo "server exit status: $status; JVM crash file: $(ls hs_err_pid"$server".log 2> /dev/null || echo none)"
echo "logs: $work/server.log"
