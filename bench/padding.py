#!/usr/bin/env python3
"""Padded token counts of batching strategies, to choose how `classify` groups texts.

For the first N reviews, batches of --batch-size: no sorting, sorting each window of W rows by characters, and
sorting each window by tokens (HF `tokenizers` on the model's tokenizer.json; the pipeline's own tokenizer
gives identical ids). Padding is engine work done for nothing. With --first-window F, also the windows `classify`
reads: F rows first (batch size x workers), each next one four times the one before, up to W.

    .venv/bin/python bench/padding.py --model models/distilbert-base-random --limit 1000 --first-window 64
"""

import argparse
import csv
from pathlib import Path

from tokenizers import Tokenizer

HOME = Path(__file__).resolve().parent.parent


def padded_tokens(lengths, order, batch_size):
    total = 0
    for start in range(0, len(order), batch_size):
        batch = [lengths[i] for i in order[start : start + batch_size]]
        total += max(batch) * len(batch)
    return total


def windowed(n, window, key, first=None):
    order = []
    start, size = 0, first or window
    while start < n:
        order += sorted(range(start, min(start + size, n)), key=key)
        start, size = start + size, min(size * 4, window)
    return order


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=str(HOME / "models" / "distilbert-base-random"))
    p.add_argument("--input", default=str(HOME.parent / "shared" / "data" / "wine-reviews-10k.csv"))
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--windows", default="256,512,1024,2048")
    p.add_argument("--first-window", type=int, help="rows of the first window, growing fourfold up to each window")
    args = p.parse_args()
    with open(args.input, encoding="utf-8", newline="") as f:
        texts = [row["description"] for row in csv.DictReader(f)][: args.limit]
    tokenizer = Tokenizer.from_file(str(Path(args.model) / "tokenizer.json"))
    tokenizer.enable_truncation(512)
    lengths = [len(e.ids) for e in tokenizer.encode_batch(texts)]
    n = len(texts)
    print(f"{n} texts, {sum(lengths)} real tokens, batch size {args.batch_size}")
    print(f"no sorting: {padded_tokens(lengths, list(range(n)), args.batch_size)} padded tokens")
    for window in [int(w) for w in args.windows.split(",")] + [n]:
        by_chars = padded_tokens(lengths, windowed(n, window, lambda i: len(texts[i])), args.batch_size)
        by_tokens = padded_tokens(lengths, windowed(n, window, lambda i: lengths[i]), args.batch_size)
        growing = ""
        if args.first_window:
            by_growing = padded_tokens(
                lengths, windowed(n, window, lambda i: lengths[i], args.first_window), args.batch_size
            )
            growing = f"; by tokens in windows growing from {args.first_window}: {by_growing}"
        print(f"window {window:>5}: sorted by characters {by_chars}, by tokens {by_tokens}{growing}")


if __name__ == "__main__":
    main()
