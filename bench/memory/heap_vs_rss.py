"""What a heap-only figure misses, in Python: the interpreter's own allocation tracker (tracemalloc, the counterpart
of Go's runtime.MemStats.Alloc) against the process's RSS and PSS, while torch loads a model of DistilBERT-base's
size (the config of distilbert-base-uncased-finetuned-sst-2-english, seeded random weights) and classifies one review.

Prints one line per stage. tracemalloc's own bookkeeping takes memory too: --without-tracemalloc gives the RSS of
the same run untraced. Run with the project venv (make venv): .venv/bin/python bench/memory/heap_vs_rss.py
"""

import argparse
import os
import sys
import tracemalloc

# Started before anything else is imported, so that it sees every allocation Python itself makes.
if "--without-tracemalloc" not in sys.argv:
    tracemalloc.start()


def kib_fields(path, names):
    values = {}
    with open(path) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in names:
                values[key] = int(rest.split()[0])
    return values


def report(stage):
    rollup = kib_fields("/proc/self/smaps_rollup", {"Rss", "Pss"})
    heap, _ = tracemalloc.get_traced_memory()
    print(
        f"{stage:<30} tracemalloc {heap / 2**20:8.1f} MiB   RSS {rollup['Rss'] / 1024:8.1f} MiB"
        f"   PSS {rollup['Pss'] / 1024:8.1f} MiB",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--shared",
        default=os.environ.get("POLYBRIDGE_SHARED", "../shared"),
        help="the shared data and models folder (default ../shared)",
    )
    parser.add_argument(
        "--without-tracemalloc",
        action="store_true",
        help="do not trace (tracemalloc's own bookkeeping costs memory): RSS without it",
    )
    args = parser.parse_args()
    model_dir = os.path.join(args.shared, "models", "distilbert-base-uncased-finetuned-sst-2-english")

    report("interpreter started")
    import torch
    from transformers import DistilBertConfig, DistilBertForSequenceClassification, DistilBertTokenizerFast

    report("torch, transformers imported")

    torch.manual_seed(0)
    model = DistilBertForSequenceClassification(
        DistilBertConfig.from_json_file(os.path.join(model_dir, "config.json"))
    ).eval()
    tokenizer = DistilBertTokenizerFast.from_pretrained(model_dir)
    parameters = sum(p.numel() for p in model.parameters())
    report(f"model built ({parameters / 1e6:.0f}M params)")

    with torch.no_grad():
        model(**tokenizer("Aromas include tropical fruit, broom, brimstone and dried herb.", return_tensors="pt"))
    report("one review classified")


if __name__ == "__main__":
    main()
