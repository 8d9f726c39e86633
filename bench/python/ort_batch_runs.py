"""ONNX Runtime alone on the batches the benchmark runs: tokenizes the first --limit reviews with python_onnxruntime.py's
own classifier (the `tokenizers` crate, its session options), sorts them by length, cuts them into batches of each
--batch-size padded to their longest row and writes them to --batches-dir (batches-N.bin: per batch int32 rows, int32
length, then the int64 ids, little-endian), which bench/OrtBatchRuns.java reads to time ONNX Runtime for Java on the
very same batches. Then times this CPython's ONNX Runtime on them: --repeat passes over all batches, items/s per pass.
docs/memory.md ("Ninth round"):

    .venv/bin/python bench/python/ort_batch_runs.py --model models/distilbert-base-random/model.int8.onnx \\
        --batch-size 8 16 32 --threads 2
"""

import argparse
import struct
import sys
import time
from pathlib import Path

import bench_common as common
import python_onnxruntime as script

HOME = Path(__file__).resolve().parents[2]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="an .onnx or .ort file; its folder's tokenizer.json is used")
    p.add_argument("--input", type=Path, default=HOME.parent / "shared" / "data" / "wine-reviews-10k.csv")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--batch-size", type=int, nargs="+", default=[8, 16, 32])
    p.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads (default: 2)")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--batches-dir", type=Path, default=Path("/tmp/polybridge-ort-batches"))
    args = p.parse_args()
    for name in ("limit", "threads", "repeat"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if any(b < 1 for b in args.batch_size):
        p.error("--batch-size values must be at least 1")
    return args


def write_batches(ids, batch_size, path):
    batches = []
    with open(path, "wb") as f:
        for start in range(0, len(ids), batch_size):
            rows = ids[start : start + batch_size]
            longest = max(map(len, rows))
            padded = [row + [0] * (longest - len(row)) for row in rows]
            f.write(struct.pack("<ii", len(rows), longest))
            for row in padded:
                f.write(struct.pack(f"<{longest}q", *row))
            batches.append(padded)
    return batches


def main():
    args = parse_args()
    import numpy as np
    import onnxruntime as ort

    model = Path(args.model)
    # The script's own classifier: the same tokenizer settings and session options as every benchmark run of it.
    config, labels = script.read_config(model.parent / "config.json")
    classifier = script.OnnxClassifier(model, model.parent / "tokenizer.json", config, labels, args.threads)
    session = classifier.session
    ids = sorted(classifier.encode(common.read_texts(args.input, args.limit)), key=len)
    args.batches_dir.mkdir(parents=True, exist_ok=True)
    for batch_size in args.batch_size:
        batches = write_batches(ids, batch_size, args.batches_dir / f"batches-{batch_size}.bin")
        feeds = [
            {"input_ids": np.array(b, dtype=np.int64), "attention_mask": (np.array(b) != 0).astype(np.int64)}
            for b in batches
        ]
        for feed in feeds[:3]:
            session.run(["logits"], feed)
        rates = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for feed in feeds:
                session.run(["logits"], feed)
            rates.append(len(ids) / (time.perf_counter() - started))
        print(
            f"python onnxruntime {ort.__version__} {model.name} batch {batch_size}, {args.threads} intra-op thread(s),"
            f" one batch at a time: " + " ".join(f"{r:.1f}" for r in rates) + " items/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
