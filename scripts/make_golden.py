"""Writes the golden files in src/test/resources/golden/ with the reference Hugging Face stack on CPython:
token ids from `tokenizers`, labels and scores from `transformers.pipeline("text-classification")`,
logits from the torch model and from ONNX Runtime (fp32 and int8) run directly on the Hugging Face ids.

    make models-test && .venv/bin/python scripts/make_golden.py [--shared ../shared]

Each file is gzipped JSON Lines: a header line, then one line per text (see golden/README.md).
"""

import argparse
import csv
import gzip
import hashlib
import json
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "src/main/python"))

from make_model import versions  # noqa: E402
from polybridge_sentiment._unicode_tables import MARK_CCC  # noqa: E402

GOLDEN = REPO / "src/test/resources/golden"
NASTY = REPO / "src/test/resources/nasty-strings.json"
TOKENIZER_MODEL = "distilbert-base-uncased-finetuned-sst-2-english"
FUZZ_SEED, FUZZ_COUNT = 20261123, 2000
TINY_WINE, TINY_SST2 = 200, 100
MINILM_WINE = 1000


def text_sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_sets(shared):
    wine_path, sst2_path = shared / "data/wine-reviews-10k.csv", shared / "data/sst2-dev.tsv"
    with open(wine_path, encoding="utf-8", newline="") as f:
        wine = [row["description"] for row in csv.DictReader(f)]
    with open(sst2_path, encoding="utf-8") as f:
        sst2 = [line.split("\t") for line in f.read().splitlines()[1:]]
    nasty = json.loads(NASTY.read_text(encoding="utf-8"))
    sources = {
        "wine": {
            "source": "../shared/data/wine-reviews-10k.csv",
            "column": "description",
            "sha256": file_sha(wine_path),
            "count": len(wine),
            "index": "0-based data row (csv module / RFC 4180 parsing)",
        },
        "sst2-dev": {
            "source": "../shared/data/sst2-dev.tsv",
            "column": "sentence",
            "sha256": file_sha(sst2_path),
            "count": len(sst2),
            "index": "0-based line after the header",
        },
        "nasty": {
            "source": "src/test/resources/nasty-strings.json",
            "sha256": file_sha(NASTY),
            "count": len(nasty),
            "index": "position in the JSON array",
        },
    }
    return wine, [s for s, _ in sst2], [int(label) for _, label in sst2], nasty, sources


def fuzz_texts():
    """Seeded random strings over the characters where tokenizers are easiest to get wrong."""
    rng = random.Random(FUZZ_SEED)
    pools = [
        [chr(c) for c in range(32, 127)],
        list(" \t\n\r\x00\x0b\x0c\x1c\x1f\x7f\x85\xa0\xad\u200b\u200d\u2028\u3000\ufeff\ufffd"),
        [chr(c) for c in range(0xC0, 0x250)],
        [chr(c) for c in range(0x300, 0x370)],
        [chr(c) for c in MARK_CCC] + ["\u0941", "\u0e31", "\U0001d165"],
        [chr(c) for c in range(0x370, 0x530)],
        [chr(c) for c in range(0x4E00, 0x4E80)] + ["\uf900", "\U00020000", "\u3400"],
        [chr(c) for c in range(0xAC00, 0xAC40)] + ["\u1100", "\u1161", "\u3131"],
        ["😍", "🍷", "👍🏽", "🥰", "\u200d", "\ufe0f", "\U0001f1eb"],
        ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[", "]", "##"],
        ["\ue000", "\U000f0000", "\u0378", "\uffff", "\U0010ffff", "\U0001d15e", "\U0001d160"],
    ]
    texts = []
    for _ in range(FUZZ_COUNT):
        chars = []
        for _ in range(rng.randrange(0, 40)):
            if rng.random() < 0.05:
                cp = rng.randrange(0x110000)
                chars.append(chr(cp) if not 0xD800 <= cp <= 0xDFFF else " ")
            else:
                chars.append(rng.choice(rng.choice(pools)))
        texts.append("".join(chars))
    return texts


def header(kind, extra):
    return {
        "golden": kind,
        "generator": "scripts/make_golden.py",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        **extra,
    }


def write(path, head, rows):
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
        for row in [head, *rows]:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{path.relative_to(REPO)}: {len(rows)} rows, {path.stat().st_size / 1e6:.2f} MB")


def token_golden(shared, wine, sst2, nasty, sources):
    from tokenizers import Tokenizer

    tokenizer_path = shared / "models" / TOKENIZER_MODEL / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(512)

    def row(set_name, index, source, **extra):
        try:
            encoding = tokenizer.encode(source)
        except Exception as e:  # tokenizers rejects text that is not valid Unicode
            return {"set": set_name, "index": index, **extra, "error": f"{type(e).__name__}: {e}"}
        return {
            "set": set_name,
            "index": index,
            **extra,
            "sha256": text_sha(source),
            "ids": encoding.ids,
            "truncated": bool(encoding.overflowing),
        }

    rows = [row("wine", i, t) for i, t in enumerate(wine)]
    rows += [row("sst2-dev", i, t) for i, t in enumerate(sst2)]
    rows += [row("nasty", i, n["text"], name=n["name"]) for i, n in enumerate(nasty)]
    rows += [row("fuzz", i, t, text=t) for i, t in enumerate(fuzz_texts())]
    head = header(
        "tokens",
        {
            "tokenizer": {
                "path": f"../shared/models/{TOKENIZER_MODEL}/tokenizer.json",
                "sha256": file_sha(tokenizer_path),
            },
            "truncation": {"max_length": 512, "strategy": "longest_first"},
            "sets": {
                **sources,
                "fuzz": {"seed": FUZZ_SEED, "count": FUZZ_COUNT, "index": "row order; the text is in the row"},
            },
            "row": {
                "set": "wine | sst2-dev | nasty | fuzz",
                "index": "see sets",
                "sha256": "first 16 hex digits of the text's UTF-8 sha256",
                "ids": "input ids with [CLS]/[SEP]",
                "truncated": "true when cut to max_length",
                "error": "instead of ids when tokenizers rejects the text",
                "name": "nasty only",
                "text": "fuzz only",
            },
        },
    )
    write(GOLDEN / "tokens.jsonl.gz", head, rows)


def rounded(values):
    return [float(f"{float(v):.8g}") for v in values]


def model_golden(model_name, items, gold=None):
    """items: (set, index, name-or-None, text). Runs transformers' pipeline, torch and ORT fp32/int8."""
    import numpy as np
    import onnxruntime as ort
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    folder = REPO / "models" / model_name
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        sys.exit(f"make_golden: {folder} is missing; run `make models-test` first")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    texts = [t for *_, t in items]
    classifier = pipeline("text-classification", model=str(folder), truncation=True, device="cpu")
    predictions = classifier(texts)
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    sessions = {
        p: ort.InferenceSession(str(folder / p), providers=["CPUExecutionProvider"])
        for p in ("model.onnx", "model.int8.onnx")
    }
    id2label = model.config.id2label
    rows = []
    for (set_name, index, name, text), prediction in zip(items, predictions, strict=False):
        enc = tokenizer(text, truncation=True, return_tensors="np")
        feeds = {
            "input_ids": enc["input_ids"].astype(np.int64),
            "attention_mask": enc["attention_mask"].astype(np.int64),
        }
        with torch.no_grad():
            logits = model(**{k: torch.from_numpy(v) for k, v in feeds.items()}).logits[0].numpy()
        ort_logits = sessions["model.onnx"].run(["logits"], feeds)[0][0]
        int8_logits = sessions["model.int8.onnx"].run(["logits"], feeds)[0][0]
        row = {
            "set": set_name,
            "index": index,
            **({"name": name} if name else {}),
            "label": prediction["label"],
            "score": prediction["score"],
            "logits": rounded(logits),
            "ort_logits": rounded(ort_logits),
            "int8_label": id2label[int(int8_logits.argmax())],
            "int8_logits": rounded(int8_logits),
        }
        if gold is not None and set_name == "sst2-dev":
            row["gold"] = id2label[gold[index]]
        rows.append(row)
    head = header(
        "model",
        {
            "model": model_name,
            "model_dir": f"models/{model_name}",
            "manifest": {"created": manifest["created"], "files": manifest["files"]},
            "pipeline": {
                "call": f'transformers.pipeline("text-classification", model="models/{model_name}", truncation=True)',
                "batch_size": 1,
            },
            "row": {
                "label": "transformers pipeline top-1 label",
                "score": "its softmax score",
                "logits": "torch fp32 logits, unbatched",
                "ort_logits": "ONNX Runtime model.onnx, unbatched",
                "int8_label": "argmax of int8_logits",
                "int8_logits": "ONNX Runtime model.int8.onnx, unbatched",
                "gold": "sst2-dev reference label",
                "name": "nasty only",
            },
        },
    )
    if gold is not None:
        scored = [r for r in rows if "gold" in r]
        accuracy = {
            key: round(sum(r[key] == r["gold"] for r in scored) / len(scored), 4) for key in ("label", "int8_label")
        }
        ort_fp32 = sum(id2label[int(np.argmax(r["ort_logits"]))] == r["gold"] for r in scored) / len(scored)
        head["sst2_dev_accuracy"] = {
            "count": len(scored),
            "transformers_fp32": accuracy["label"],
            "ort_fp32": round(ort_fp32, 4),
            "ort_int8": accuracy["int8_label"],
        }
        print(f"{model_name}: sst2-dev accuracy {head['sst2_dev_accuracy']}")
    write(GOLDEN / f"{model_name}.jsonl.gz", head, rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("POLYBRIDGE_SHARED", REPO / "../shared")))
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["tokens", "tiny-distilbert-random", "sst2-minilm-distilbert-v2"],
        help="regenerate only these files",
    )
    args = parser.parse_args()
    wanted = set(args.only or ["tokens", "tiny-distilbert-random", "sst2-minilm-distilbert-v2"])
    import torch

    torch.manual_seed(0)
    wine, sst2, gold, nasty, sources = read_sets(args.shared)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    if "tokens" in wanted:
        token_golden(args.shared, wine, sst2, nasty, sources)
    valid_nasty = [("nasty", i, n["name"], n["text"]) for i, n in enumerate(nasty) if "invalid" not in n]
    if "tiny-distilbert-random" in wanted:
        model_golden(
            "tiny-distilbert-random",
            valid_nasty
            + [("wine", i, None, t) for i, t in enumerate(wine[:TINY_WINE])]
            + [("sst2-dev", i, None, t) for i, t in enumerate(sst2[:TINY_SST2])],
        )
    if "sst2-minilm-distilbert-v2" in wanted:
        model_golden(
            "sst2-minilm-distilbert-v2",
            valid_nasty
            + [("wine", i, None, t) for i, t in enumerate(wine[:MINILM_WINE])]
            + [("sst2-dev", i, None, t) for i, t in enumerate(sst2)],
            gold,
        )


if __name__ == "__main__":
    main()
