"""Do two or more approaches give the same labels? Compares JSONL outputs of the baseline programs.

Each file holds one {"index", "label", "score"} object per line. The first file is the reference; each
other file is compared with it: rows present in only one of them, label agreements, and every
disagreement with both labels and scores. For rows that agree, the largest score difference is shown
(fp32 runtimes agree to about 1e-5; the int8 model may differ in score and, near 0.5, in label).

Usage: compare_labels.py REFERENCE.jsonl OTHER.jsonl [MORE.jsonl ...] [--json] [--max-disagreements N]

Exit code: 0 when every file has the reference's rows and at most N (default 0) disagreements each,
1 otherwise, 2 for an unreadable file.
"""

import argparse
import json
import sys
from pathlib import Path


class BadFile(Exception):
    pass


def read_results(path):
    """{index: (label, score)} of one JSONL file; names the line of any malformed or repeated row."""
    results = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise BadFile(f"{path}: {e.strerror}") from e
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            index, label, score = int(row["index"]), str(row["label"]), float(row["score"])
        except (ValueError, KeyError, TypeError) as e:
            raise BadFile(f"{path}:{line_number}: not an {{index, label, score}} object ({e!r})") from e
        if index in results:
            raise BadFile(f"{path}:{line_number}: index {index} appears twice")
        results[index] = (label, score)
    if not results:
        raise BadFile(f"{path}: no results")
    return results


def compare(reference, other):
    common = sorted(reference.keys() & other.keys())
    disagreements = [
        {"index": i, "labels": [reference[i][0], other[i][0]], "scores": [reference[i][1], other[i][1]]}
        for i in common
        if reference[i][0] != other[i][0]
    ]
    agreeing = [i for i in common if reference[i][0] == other[i][0]]
    return {
        "compared": len(common),
        "agree": len(agreeing),
        "disagree": len(disagreements),
        "only_in_reference": sorted(reference.keys() - other.keys()),
        "only_in_other": sorted(other.keys() - reference.keys()),
        "max_score_difference_when_agreeing": max((abs(reference[i][1] - other[i][1]) for i in agreeing), default=None),
        "disagreements": disagreements,
    }


def print_report(reference_path, path, report):
    print(
        f"{path} vs {reference_path}: {report['agree']}/{report['compared']} labels agree, "
        f"{report['disagree']} disagree"
    )
    if report["max_score_difference_when_agreeing"] is not None:
        print(f"  largest score difference where labels agree: {report['max_score_difference_when_agreeing']:.3g}")
    for side in ("only_in_reference", "only_in_other"):
        if report[side]:
            shown = ", ".join(map(str, report[side][:20])) + (" ..." if len(report[side]) > 20 else "")
            print(f"  {len(report[side])} indexes {side.replace('_', ' ')}: {shown}")
    for d in report["disagreements"]:
        print(
            f"  index {d['index']}: {d['labels'][0]} ({d['scores'][0]:.4f}) vs {d['labels'][1]} ({d['scores'][1]:.4f})"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, help="JSONL outputs; the first is the reference")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    parser.add_argument(
        "--max-disagreements",
        type=int,
        default=0,
        help="disagreements tolerated per file before exiting 1 (default: 0)",
    )
    args = parser.parse_args()
    if len(args.files) < 2:
        parser.error("give at least two JSONL files")
    try:
        results = [read_results(path) for path in args.files]
    except BadFile as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    reference_path, reference = args.files[0], results[0]
    reports = {str(path): compare(reference, other) for path, other in zip(args.files[1:], results[1:], strict=False)}
    if args.json:
        print(json.dumps({"reference": str(reference_path), "comparisons": reports}))
    else:
        for path, report in reports.items():
            print_report(reference_path, path, report)
    failed = any(
        r["disagree"] > args.max_disagreements or r["only_in_reference"] or r["only_in_other"] for r in reports.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
