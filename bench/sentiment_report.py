"""Markdown table of bench/sentiment.sh's results (issue 3): items/s side by side and polybridge's time split."""

import json
import pathlib
import sys

results = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
jvm = json.loads((results / "sentiment-polybridge.json").read_text())
ort = {p: json.loads((results / f"sentiment-ort-{p}.json").read_text()) for p in ("fp32", "int8")}
hf = json.loads((results / "sentiment-transformers.json").read_text())
load = [
    (results / f"sentiment-load-{w}.txt").read_text().split("load average:")[1].strip() for w in ("before", "after")
]

print(
    f"Date {jvm['date']}; CPU {jvm['cpu']}, {jvm['cores']} cores; model `{jvm['model']}` "
    f"(the full-size DistilBERT-base architecture with seeded random weights unless named otherwise: the real "
    f"model's cost, meaningless labels); first {jvm['fp32']['items']} wine reviews; load average before "
    f"{load[0]}, after {load[1]}.\n"
)
print("| approach | precision | items/s | ratio to CPython + onnxruntime |")
print("|---|---|---|---|")
for p in ("fp32", "int8"):
    ours = jvm[p]["median_items_per_s"]
    theirs = ort[p]["items_per_s"]
    print(
        f"| polybridge process_batch (GraalPy + ONNX Runtime Java), median of {len(jvm[p]['passes'])} | {p} | {ours:.1f} | {ours / theirs:.2f} |"
    )
    print(f"| CPython + tokenizers + onnxruntime | {p} | {theirs:.1f} | 1.00 |")
print(
    f"| transformers pipeline, batch_size=32 (CPython, torch) | fp32 | {hf['items_per_s']:.1f} | {hf['items_per_s'] / ort['fp32']['items_per_s']:.2f} |"
)
print()
print("Where polybridge's time goes (median pass):\n")
print(
    "| precision | total s | tokenization (GraalPy) | engine (ONNX Runtime) | bridge and pipeline glue | padded / real tokens |"
)
print("|---|---|---|---|---|---|")
for p in ("fp32", "int8"):
    passes = sorted(jvm[p]["passes"], key=lambda x: x["seconds"])
    m = passes[len(passes) // 2]
    t = m["seconds"]
    print(
        f"| {p} | {t:.2f} | {m['tokenize_s']:.2f} s ({100 * m['tokenize_s'] / t:.0f}%) | {m['engine_s']:.2f} s "
        f"({100 * m['engine_s'] / t:.0f}%) | {m['bridge_and_glue_s']:.2f} s ({100 * m['bridge_and_glue_s'] / t:.0f}%) | "
        f"{m['padded_tokens']} / {m['real_tokens']} |"
    )
