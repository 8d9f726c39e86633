"""What the Python baseline programs share: arguments, input, model-dir checks, output, summary.

Kept free of heavy imports (no torch, transformers, onnxruntime) so that each script can time
its own imports as `startup_s`.
"""

import argparse
import csv
import json
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

DEFAULT_INPUT = "../shared/data/wine-reviews-10k.csv"
TEXT_COLUMN = "description"
VERSIONED_PACKAGES = ("torch", "transformers", "onnxruntime", "tokenizers", "numpy")
EXIT_BAD_INPUT = 2


class BenchError(Exception):
    """A problem the user can fix (missing model file, bad CSV, bad option); exits with code 2."""


def log(message):
    print(message, file=sys.stderr, flush=True)


def common_arguments(description):
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--model", required=True, type=Path, help="model directory in Hugging Face layout (from `make model`)"
    )
    parser.add_argument(
        "--input",
        default=DEFAULT_INPUT,
        type=Path,
        help=f"CSV with a '{TEXT_COLUMN}' column (default: {DEFAULT_INPUT})",
    )
    parser.add_argument(
        "--limit", default=1000, type=positive_int, help="classify the first LIMIT data rows (default: 1000)"
    )
    parser.add_argument(
        "--output", type=Path, help="write one JSON line {index, label, score} per input row, in input order"
    )
    return parser


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def read_texts(csv_path, limit):
    """The first `limit` descriptions, parsed with the csv module (fields may hold commas, quotes, newlines)."""
    if not csv_path.is_file():
        raise BenchError(f"input CSV not found: {csv_path}")
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise BenchError(f"{csv_path}: the file is empty (no header row)")
        if TEXT_COLUMN not in header:
            raise BenchError(f"{csv_path}: no '{TEXT_COLUMN}' column in the header {header}")
        column = header.index(TEXT_COLUMN)
        texts = []
        for row in reader:
            if len(texts) == limit:
                break
            row_number = len(texts) + 1
            if len(row) != len(header):
                raise BenchError(
                    f"{csv_path}: data row {row_number} has {len(row)} fields, the header has {len(header)}"
                )
            text = row[column]
            if not text.strip():
                raise BenchError(f"{csv_path}: data row {row_number}: '{TEXT_COLUMN}' is empty")
            texts.append(text)
    if len(texts) < limit:
        raise BenchError(f"{csv_path}: --limit {limit} asks for more rows than the file has ({len(texts)} data rows)")
    return texts


def require_model_files(model_dir, *alternatives):
    """Each argument is a tuple of file names of which at least one must exist in `model_dir`.

    Returns the first existing file of each tuple.
    """
    hint = f"run make model MODEL={model_dir.name}"
    if not model_dir.is_dir():
        raise BenchError(f"model directory not found: {model_dir} ({hint})")
    found = []
    for names in alternatives:
        existing = [model_dir / name for name in names if (model_dir / name).is_file()]
        if not existing:
            wanted = " or ".join(str(model_dir / name) for name in names)
            raise BenchError(f"model file not found: {wanted} ({hint})")
        found.append(existing[0])
    return found


def require_transformers_model(model_dir):
    require_model_files(
        model_dir, ("config.json",), ("tokenizer.json", "vocab.txt"), ("model.safetensors", "pytorch_model.bin")
    )


def write_results(output_path, labels, scores):
    """JSONL, one line per input row in input order: {"index": i, "label": ..., "score": ...}."""
    if output_path is None:
        return
    output_path.parent.mkdir(parents=True, exist_ok=True)
    with open(output_path, "w", encoding="utf-8") as f:
        for index, (label, score) in enumerate(zip(labels, scores, strict=True)):
            f.write(json.dumps({"index": index, "label": label, "score": float(score)}) + "\n")


def padded_work(lengths_in_call_order, batch_size):
    """What the forward passes computed when each batch is padded to its longest sequence.

    `padded_tokens` (sum of batch x padded length) drives the linear-layer FLOPs and
    `padded_token_squares` (sum of batch x padded length squared) the attention FLOPs; the `real_`
    counts are the same without padding, the useful work. See flops.py.
    """
    shapes = [
        (len(chunk), max(chunk))
        for chunk in (
            lengths_in_call_order[i : i + batch_size] for i in range(0, len(lengths_in_call_order), batch_size)
        )
    ]
    return {
        "batches": len(shapes),
        "sequences": sum(b for b, _ in shapes),
        "real_tokens": int(sum(lengths_in_call_order)),
        "real_token_squares": int(sum(n * n for n in lengths_in_call_order)),
        "padded_tokens": int(sum(b * n for b, n in shapes)),
        "padded_token_squares": int(sum(b * n * n for b, n in shapes)),
        "longest": int(max(lengths_in_call_order)),
    }


def sum_work(works):
    """Adds up padded_work() of several workers."""
    total = {key: sum(w[key] for w in works) for key in works[0] if key != "longest"}
    total["longest"] = max(w["longest"] for w in works)
    return total


def versions():
    found = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def cpu_counts():
    import psutil

    return {
        "logical": psutil.cpu_count(logical=True),
        "physical": psutil.cpu_count(logical=False),
        "affinity": len(os.sched_getaffinity(0)),
    }


def print_summary(summary):
    """The one line on stdout: everything else goes to stderr."""
    classify_s = summary["classify_s"]
    summary["items_per_s"] = round(summary["items"] / classify_s, 3) if classify_s > 0 else None
    summary["versions"] = versions()
    summary["cpus"] = cpu_counts()
    summary["date"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    print(json.dumps(summary), flush=True)


def run_main(main):
    """Runs `main()`; a BenchError becomes a one-line message on stderr and exit code 2."""
    try:
        main()
    except BenchError as e:
        log(f"error: {e}")
        sys.exit(EXIT_BAD_INPUT)


def seconds(start, end, *more):
    """Wall seconds of one interval (start, end), or of several (start, end, start2, end2, ...) added up."""
    bounds = (start, end) + more
    return round(sum(bounds[i + 1] - bounds[i] for i in range(0, len(bounds), 2)), 4)


def seconds_since_process_start():
    """Seconds since this process was started (forked), to 10 ms: the kernel's uptime less the process's start
    time, both on the boot clock; the interpreter's own start-up is included, as a launch is."""
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    with open("/proc/self/stat") as f:
        stat = f.read()
    start_ticks = int(stat[stat.rindex(")") + 2 :].split()[19])
    return round(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 3)
