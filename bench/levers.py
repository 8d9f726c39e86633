#!/usr/bin/env python3
"""Side-by-side runs of command variants, interleaved, each under `polybridge measure`: the before/after measurements
of docs/memory.md ("Lean and quick") come from here.

    python3 bench/levers.py --repeat 3 \\
        --variant 'base=bin/polybridge classify {classify}' \\
        --variant 'xmn32m=POLYBRIDGE_JAVA_OPTS=-Xmn32m bin/polybridge classify {classify}'

Each VARIANT is NAME=SHELL COMMAND. Repetition 1 runs every variant once in the order given, then repetition 2, and
so on, so a change in the machine's load falls on all variants alike. Placeholders in the command:
  {classify}  the common classify options: --input --limit --model --precision --batch-size --output --progress off
              --summary-json (from --input, --limit, --model, --precision, --batch-size)
  {python}    the venv's CPython; {pyargs}: python_onnxruntime.py's options for the same input, model and batch
  {summary}   a file the command may write a JSON summary to (classify's --summary-json; or the JSON line that
              the Python baselines print on stdout, which is kept there too)
Every run: wall time, CPU time and peak PSS of the whole process tree (`polybridge measure --interval`), and from the
summary, when there is one: rows/s (classify) or items/s, model load seconds, and first_result_s, the seconds from the
launch of the process to its first classified rows. Prints one line per run, then medians per variant, and writes
everything to --out as JSON. Standard library only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--variant", action="append", required=True, metavar="NAME=COMMAND")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--input", default=str(HOME.parent / "shared" / "data" / "wine-reviews-10k.csv"))
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--model", default=str(HOME / "models" / "distilbert-base-random"))
    p.add_argument("--precision", default="int8", choices=("fp32", "int8"))
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--interval", default="100ms", help="memory sampling interval of `polybridge measure`")
    p.add_argument("--out", default=None, help="results JSON (default: bench/results/levers-STAMP.json)")
    args = p.parse_args()
    variants = []
    for spec in args.variant:
        name, sep, command = spec.partition("=")
        if not sep or not name or not command:
            p.error(f"--variant expects NAME=COMMAND, got {spec!r}")
        variants.append((name, command))
    args.variants = variants
    return args


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def command_line(args, template, summary, output):
    classify = (
        f"--input {args.input} --limit {args.limit} --model {args.model} --precision {args.precision} "
        f"--batch-size {args.batch_size} --output {output} --progress off --summary-json {summary}"
    )
    pyargs = (
        f"--input {args.input} --limit {args.limit} --model {args.model} --precision {args.precision} "
        f"--batch-size {args.batch_size} --output {output}"
    )
    return template.format(classify=classify, python=HOME / ".venv" / "bin" / "python", pyargs=pyargs, summary=summary)


def summary_figures(summary_file):
    try:
        text = Path(summary_file).read_text(encoding="utf-8").strip()
    except OSError:
        return {}
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError:  # a JSON line among other stdout lines: the last line that parses
        data = {}
        for line in text.splitlines():
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
    if "rowsPerSecond" in data:
        return {
            "per_s": data["rowsPerSecond"],
            "load_s": data.get("modelLoadSeconds"),
            "first_result_s": data.get("firstResultSeconds"),
            "engine_s": (data.get("pipelineStatistics") or {}).get("engine_s"),
        }
    if "classify_s" in data:
        items = data.get("items") or 0
        return {
            "per_s": items / data["classify_s"] if data["classify_s"] else None,
            "load_s": data.get("load_s"),
            "first_result_s": data.get("first_result_s"),
        }
    return {}


def run_once(args, name, template, scratch, repetition):
    summary = scratch / f"{name}-{repetition}.summary.json"
    output = scratch / f"{name}-{repetition}.out.jsonl"
    measured = scratch / f"{name}-{repetition}.measure.json"
    command = command_line(args, template, summary, output)
    before = load()
    with (
        open(scratch / f"{name}-{repetition}.stdout", "wb") as stdout,
        open(scratch / f"{name}-{repetition}.stderr", "wb") as stderr,
    ):
        status = subprocess.call(
            [
                str(HOME / "bin" / "polybridge"),
                "measure",
                "--interval",
                args.interval,
                "--json",
                str(measured),
                "--",
                "sh",
                "-c",
                command,
            ],
            stdout=stdout,
            stderr=stderr,
            cwd=HOME,
        )
    if not summary.exists() or summary.stat().st_size == 0:  # a Python baseline: its summary is its stdout
        summary.write_bytes((scratch / f"{name}-{repetition}.stdout").read_bytes())
    m = json.loads(measured.read_text()) if measured.exists() else {}
    run = {
        "variant": name,
        "repetition": repetition,
        "command": command,
        "status": status,
        "load_before": before,
        "wall_s": m.get("wallSeconds"),
        "cpu_s": (m.get("cpu") or {}).get("totalSeconds"),
        "peak_pss_mib": ((m.get("memory") or {}).get("peakPssBytes") or 0) / 1048576,
    }
    run.update(summary_figures(summary))
    if status != 0:
        tail = (scratch / f"{name}-{repetition}.stderr").read_text(errors="replace").strip().splitlines()[-5:]
        run["stderr_tail"] = tail
    return run


def fmt(value, pattern="{:.1f}"):
    return "-" if value is None else pattern.format(value)


def line(run):
    return (
        "{variant:<22} rep {repetition}  status {status}  wall {wall} s  cpu {cpu} s  peak PSS {pss} MiB  "
        "rows/s {per_s}  load {load_s} s  first result {first} s  (load avg {la})"
    ).format(
        variant=run["variant"],
        repetition=run["repetition"],
        status=run["status"],
        wall=fmt(run["wall_s"]),
        cpu=fmt(run["cpu_s"]),
        pss=fmt(run["peak_pss_mib"], "{:.0f}"),
        per_s=fmt(run.get("per_s")),
        load_s=fmt(run.get("load_s")),
        first=fmt(run.get("first_result_s"), "{:.2f}"),
        la=run["load_before"],
    )


def medians(runs, names):
    table = []
    for name in names:
        ok = [r for r in runs if r["variant"] == name and r["status"] == 0]

        def med(key, ok=ok):
            values = [r[key] for r in ok if r.get(key) is not None]
            return statistics.median(values) if values else None

        table.append(
            {
                "variant": name,
                "runs_ok": len(ok),
                "wall_s": med("wall_s"),
                "cpu_s": med("cpu_s"),
                "peak_pss_mib": med("peak_pss_mib"),
                "peak_pss_mib_max": max((r["peak_pss_mib"] for r in ok), default=None),
                "per_s": med("per_s"),
                "load_s": med("load_s"),
                "first_result_s": med("first_result_s"),
            }
        )
    return table


def main():
    args = parse_args()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    out = Path(args.out) if args.out else HOME / "bench" / "results" / f"levers-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "schema": "polybridge.levers/1",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": sys.argv,
        "cwd": os.getcwd(),
        "load_before": load(),
        "load_after": None,
        "cpus": os.cpu_count(),
        "input": args.input,
        "limit": args.limit,
        "model": args.model,
        "precision": args.precision,
        "batch_size": args.batch_size,
        "variants": [{"name": n, "command": c} for n, c in args.variants],
        "runs": [],
        "medians": [],
    }
    print(f"load average before: {results['load_before']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="polybridge-levers-") as tmp:
        scratch = Path(tmp)
        for repetition in range(1, args.repeat + 1):
            for name, template in args.variants:
                run = run_once(args, name, template, scratch, repetition)
                results["runs"].append(run)
                print(line(run), flush=True)
                for text in run.get("stderr_tail", []):
                    print("    " + text, flush=True)
                # Written after every run, so a long sweep stopped half-way keeps what it measured.
                results["medians"] = medians(results["runs"], [n for n, _ in args.variants])
                out.write_text(json.dumps(results, indent=2) + "\n")
    results["load_after"] = load()
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"load average after: {results['load_after']}")
    print("medians (peak PSS: median and largest):")
    for row in results["medians"]:
        print(
            "  {variant:<22} {ok} ok  wall {wall} s  cpu {cpu} s  peak PSS {pss} MiB (max {pssmax})  rows/s {per_s}"
            "  load {load_s} s  first result {first} s".format(
                variant=row["variant"],
                ok=row["runs_ok"],
                wall=fmt(row["wall_s"]),
                cpu=fmt(row["cpu_s"]),
                pss=fmt(row["peak_pss_mib"], "{:.0f}"),
                pssmax=fmt(row["peak_pss_mib_max"], "{:.0f}"),
                per_s=fmt(row["per_s"]),
                load_s=fmt(row["load_s"]),
                first=fmt(row["first_result_s"], "{:.2f}"),
            )
        )
    print(f"results: {out}")


if __name__ == "__main__":
    main()
