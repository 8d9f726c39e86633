"""Checks the pure-Python tokenizer and pipeline (src/main/python/polybridge_sentiment) against the golden
files of scripts/make_golden.py, and prints a summary; exits 1 when ids differ, fp32 logits differ by more
than 1e-4, or a label differs where the golden logits are not a near tie.

    .venv/bin/python scripts/check_tokenizer_parity.py [--shared ../shared] [--models models]

The top level uses the standard library only, so GraalPy can import this module and call check_tokens and
check_model with its own engine; main() runs the models with ONNX Runtime on CPython (scripts/ort_engine.py).
"""

import argparse
import csv
import gzip
import hashlib
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src/main/python"))

from polybridge_sentiment.pipeline import TextClassificationPipeline  # noqa: E402
from polybridge_sentiment.tokenizer import BertTokenizer  # noqa: E402

GOLDEN = REPO / "src/test/resources/golden"
LOGIT_TOLERANCE = 1e-4
NEAR_TIE = 1e-4


def load_golden(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header, *rows = (json.loads(line) for line in f)
    return header, rows


def load_texts(shared):
    with open(shared / "data/wine-reviews-10k.csv", encoding="utf-8", newline="") as f:
        wine = [row["description"] for row in csv.DictReader(f)]
    with open(shared / "data/sst2-dev.tsv", encoding="utf-8") as f:
        sst2 = [line.split("\t")[0] for line in f.read().splitlines()[1:]]
    with open(REPO / "src/test/resources/nasty-strings.json", encoding="utf-8") as f:
        nasty = [n["text"] for n in json.load(f)]
    return {"wine": wine, "sst2-dev": sst2, "nasty": nasty}


def text_of(row, texts):
    return row["text"] if row["set"] == "fuzz" else texts[row["set"]][row["index"]]


def check_tokens(tokenizer, rows, texts):
    """Per set: rows, equal ids (or both rejected), and the first mismatches."""
    summary = {}
    for row in rows:
        s = summary.setdefault(row["set"], {"rows": 0, "equal": 0, "mismatches": []})
        s["rows"] += 1
        text = text_of(row, texts)
        try:
            ids, truncated = tokenizer.encode(text)
        except ValueError as e:
            ok = "error" in row
            got = f"error: {e}"
        else:
            if "sha256" in row and hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] != row["sha256"]:
                raise SystemExit(
                    f"{row['set']} {row['index']}: the text differs from the one the golden file was made from"
                )
            ok = ids == row.get("ids") and truncated == row.get("truncated")
            got = ids
        if ok:
            s["equal"] += 1
        elif len(s["mismatches"]) < 5:
            s["mismatches"].append(
                {"index": row["index"], "text": text[:80], "expected": row.get("ids", row.get("error")), "got": got}
            )
    return summary


def check_model(pipeline, rows, texts, golden_logits="logits", golden_label="label"):
    """Runs pipeline over the golden texts; compares logits and labels with the golden ones."""
    results = pipeline([text_of(row, texts) for row in rows], return_logits=True)
    max_diff, agree, hard_disagree, correct, scored = 0.0, 0, [], 0, 0
    for row, result in zip(rows, results, strict=False):
        expected = row[golden_logits]
        max_diff = max(max_diff, max(abs(a - b) for a, b in zip(result["logits"], expected, strict=False)))
        top = sorted(expected, reverse=True)
        if result["label"] == row[golden_label]:
            agree += 1
        elif len(top) < 2 or top[0] - top[1] > NEAR_TIE:
            hard_disagree.append((row["set"], row["index"]))
        if "gold" in row:
            scored += 1
            correct += result["label"] == row["gold"]
    return {
        "rows": len(rows),
        "max_abs_logit_diff": max_diff,
        "label_agreement": agree / len(rows),
        "label_disagreements_beyond_near_ties": hard_disagree[:10],
        "sst2_dev_accuracy": round(correct / scored, 4) if scored else None,
    }


def time_tokenizer(model_dir, texts, rounds=5):
    """Seconds for texts: a fresh tokenizer (empty word cache), then the best of warm rounds."""
    tokenizer = BertTokenizer.from_model_dir(str(model_dir))
    start = time.perf_counter()
    ids = [tokenizer.encode(t)[0] for t in texts]
    cold = time.perf_counter() - start
    warm = []
    for _ in range(rounds):
        start = time.perf_counter()
        for t in texts:
            tokenizer.encode(t)
        warm.append(time.perf_counter() - start)
    return {
        "texts": len(texts),
        "tokens": sum(map(len, ids)),
        "cold_s": round(cold, 4),
        "warm_best_s": round(min(warm), 4),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("POLYBRIDGE_SHARED", REPO / "../shared")))
    parser.add_argument("--models", type=Path, default=REPO / "models")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "scripts"))
    from ort_engine import OrtEngine

    texts = load_texts(args.shared)
    header, rows = load_golden(GOLDEN / "tokens.jsonl.gz")
    tokenizer_dir = Path(header["tokenizer"]["path"].replace("../shared", str(args.shared))).parent
    failures = []
    for set_name, s in check_tokens(BertTokenizer.from_model_dir(str(tokenizer_dir)), rows, texts).items():
        print(f"ids {set_name:9s} {s['equal']}/{s['rows']} equal")
        for m in s["mismatches"]:
            print(f"    mismatch {m}")
        if s["equal"] != s["rows"]:
            failures.append(f"token ids differ in {set_name}")
    print(f"tokenizer speed (CPython, first 1000 wine reviews): {time_tokenizer(tokenizer_dir, texts['wine'][:1000])}")

    for model in ("tiny-distilbert-random", "sst2-minilm-distilbert-v2"):
        header, rows = load_golden(GOLDEN / f"{model}.jsonl.gz")
        for onnx_file, golden_logits, golden_label in (
            ("model.onnx", "logits", "label"),
            ("model.int8.onnx", "int8_logits", "int8_label"),
        ):
            engine = OrtEngine(args.models / model / onnx_file)
            pipeline = TextClassificationPipeline(str(args.models / model), engine, batch_size=args.batch_size)
            start = time.perf_counter()
            s = check_model(pipeline, rows, texts, golden_logits, golden_label)
            s["seconds"] = round(time.perf_counter() - start, 2)
            print(f"{model} {onnx_file} (batch {args.batch_size}) vs golden {golden_logits}: {s}")
            fp32_off = s["max_abs_logit_diff"] > LOGIT_TOLERANCE or s["label_disagreements_beyond_near_ties"]
            if onnx_file == "model.onnx" and fp32_off:
                failures.append(f"{model}: fp32 logits or labels differ")
        if "sst2_dev_accuracy" in header:
            print(f"{model} golden sst2-dev accuracy (Hugging Face stack, unbatched): {header['sst2_dev_accuracy']}")
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
