#!/usr/bin/env python3
"""Measure `polybridge classify` over workers x batch size x precision, to choose its defaults.

Every configuration runs in a JVM of its own (`bin/polybridge classify ... --summary-json`), so each
peak RSS/PSS is that one run's whole process. Rows/s is the summary's: rows classified divided by the
classification time, model loading excluded (the summary also keeps the load and total times).

The full grid on all 10,001 rows would take hours on a 2-core machine, so the sweep has stages:
  1. every workers x batch-size x precision on the first --grid-rows (1000) reviews;
  2. every worker count at each precision's fastest batch size from stage 1, on all --full-rows (10,001):
     whether the fastest setting and the memory per worker count hold over a ten-times-longer run;
  3. the fastest configuration of each precision with --no-sort-by-length, on --grid-rows.
Each configuration runs --repeat times; the tables give the median rows/s and the largest peak.

--jvm NAME=OPTIONS (repeatable) adds a JVM-options axis to stage 1: each configuration runs once per variant, with
OPTIONS appended to the launcher's flags through POLYBRIDGE_JAVA_OPTS (a later -XX flag overrides an earlier one).
For heap sizing, e.g.:
  --stages 1 --workers 2 --batch-sizes 8 --jvm default= --jvm xmx1g=-Xmx1g --jvm serial=-XX:+UseSerialGC

Results: <out>/classify-sweep-<stamp>.json (every run, with the machine and versions) and
<out>/classify-sweep-<stamp>.md (the tables). A sweep run in parts (e.g. `--stages 1 --grid-rows 10001` with
different --workers/--batch-sizes) is put back together with --report: it runs nothing and writes one
<out>/classify-report-<stamp>.md with a table per row count and sorting, from the runs of the given result files.
Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = Path(__file__).resolve().parent.parent


def ints(text):
    return [int(x) for x in text.split(",") if x]


def words(text):
    return [x for x in text.split(",") if x]


def jvm_variant(text):
    name, sep, options = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=OPTIONS (OPTIONS may be empty), got '{text}'")
    return name, options.strip()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", default=str(HOME.parent / "shared" / "data" / "wine-reviews-10k.csv"))
    p.add_argument(
        "--model",
        default=str(HOME / "models" / "distilbert-base-random"),
        help="full-size random-weight DistilBERT by default: the real model's cost (default: %(default)s)",
    )
    p.add_argument("--workers", type=ints, default=[1, 2, 4, 8, 16])
    p.add_argument("--batch-sizes", type=ints, default=[8, 16, 32, 64])
    p.add_argument("--precisions", type=words, default=["fp32", "int8"])
    p.add_argument("--grid-rows", type=int, default=1000, help="rows for stages 1 and 3 (default: %(default)s)")
    p.add_argument("--full-rows", type=int, default=10001, help="rows for stage 2 (default: %(default)s)")
    p.add_argument("--repeat", type=int, default=1, help="runs per configuration (default: %(default)s)")
    p.add_argument("--stages", type=ints, default=[1, 2, 3])
    p.add_argument(
        "--jvm",
        type=jvm_variant,
        action="append",
        metavar="NAME=OPTIONS",
        help="a JVM-options variant for stage 1, repeatable (default: the launcher's flags alone)",
    )
    p.add_argument("--out", default=str(HOME / "bench" / "results"))
    p.add_argument("--polybridge", default=str(HOME / "bin" / "polybridge"))
    p.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    p.add_argument(
        "--report",
        nargs="+",
        metavar="JSON",
        help="run nothing: merge the runs of these classify-sweep-*.json files into one set of tables",
    )
    return p.parse_args()


# ONNX Runtime's kernels differ by these; the same "AMD EPYC" name has come with and without AVX-512.
VECTOR_EXTENSIONS = ["avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile"]


def machine():
    cpu, flags = "unknown", []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and cpu == "unknown":
                cpu = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1].split()
    except OSError:
        pass
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass

    def git(*args):
        try:
            return subprocess.run(
                ["git", "-C", str(HOME), *args], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"

    return {
        "cpu": cpu,
        "vectorExtensions": [f for f in VECTOR_EXTENSIONS if f in flags],
        "cores": os.cpu_count(),
        "memoryGiB": round(mem_kib / 1048576, 1),
        "kernel": platform.release(),
        "commit": git("rev-parse", "HEAD"),
        "dirty": git("status", "--porcelain") != "",
    }


def run_one(args, config, rows, stage, scratch, index):
    name = "s{}-{}-w{}-b{}-{}{}-{}-r{}".format(
        stage,
        config["precision"],
        config["workers"],
        config["batch"],
        "sort" if config["sort"] else "nosort",
        rows,
        config["jvm"],
        index,
    )
    summary = scratch / (name + ".json")
    command = [
        args.polybridge,
        "classify",
        "--input",
        args.input,
        "--output",
        str(scratch / (name + ".csv")),
        "--limit",
        str(rows),
        "--model",
        args.model,
        "--precision",
        config["precision"],
        "--workers",
        str(config["workers"]),
        "--batch-size",
        str(config["batch"]),
        "--sort-by-length" if config["sort"] else "--no-sort-by-length",
        "--progress",
        "off",
        "--summary-json",
        str(summary),
    ]
    env = dict(os.environ)
    if config["jvmOptions"]:
        env["POLYBRIDGE_JAVA_OPTS"] = (env.get("POLYBRIDGE_JAVA_OPTS", "") + " " + config["jvmOptions"]).strip()
    print(
        "  "
        + ("POLYBRIDGE_JAVA_OPTS='{}' ".format(env["POLYBRIDGE_JAVA_OPTS"]) if config["jvmOptions"] else "")
        + " ".join(command),
        flush=True,
    )
    if args.dry_run:
        return None
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.monotonic() - started
    record = {"stage": stage, "rows": rows, **config, "exitCode": done.returncode, "wallSeconds": round(wall, 2)}
    if summary.exists():
        record["summary"] = json.loads(summary.read_text())
    else:
        record["stderrTail"] = done.stderr[-2000:]
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
    rate = record.get("summary", {}).get("rowsPerSecond")
    print("    {} in {:.1f} s{}".format(status, wall, "" if rate is None else f", {rate:.1f} rows/s"), flush=True)
    return record


def measure(args, configs, rows, stage, scratch, results):
    """Repetitions are interleaved (every configuration once, then again), so a slow spell hits all alike."""
    for i in range(args.repeat):
        for config in configs:
            record = run_one(args, config, rows, stage, scratch, i + 1)
            if record is not None:
                results.append(record)
                save(args, results)


def key(config):
    # Runs recorded before the JVM axis existed ran with the launcher's flags alone.
    return config["precision"], config["workers"], config["batch"], config["sort"], config.get("jvm", "default")


def grouped(results, stage=None):
    """Median rows/s and largest peaks per configuration and row count, of one stage or all (successful runs only)."""
    groups = {}
    for r in results:
        if (stage is None or r["stage"] == stage) and r["exitCode"] == 0 and "summary" in r:
            groups.setdefault(key(r) + (r["rows"],), []).append(r)
    rows = []
    for k, runs in groups.items():
        s = [r["summary"] for r in runs]
        peaks_rss = [x["peakRssBytes"] for x in s if x.get("peakRssBytes") is not None]
        peaks_pss = [x["peakPssBytes"] for x in s if x.get("peakPssBytes") is not None]
        rows.append(
            {
                "precision": k[0],
                "workers": k[1],
                "batch": k[2],
                "sort": k[3],
                "jvm": k[4],
                "jvmOptions": runs[0].get("jvmOptions", ""),
                "rows": k[5],
                "runs": len(runs),
                "rowsPerSecond": statistics.median(x["rowsPerSecond"] for x in s),
                "classifySeconds": statistics.median(x["classifySeconds"] for x in s),
                "totalSeconds": statistics.median(x["totalSeconds"] for x in s),
                "peakRssMiB": max(peaks_rss) / 1048576 if peaks_rss else None,
                "peakPssMiB": max(peaks_pss) / 1048576 if peaks_pss else None,
            }
        )
    return sorted(rows, key=lambda g: -g["rowsPerSecond"])


def fastest(results, stage, precision, n):
    return [
        {
            "precision": g["precision"],
            "workers": g["workers"],
            "batch": g["batch"],
            "sort": g["sort"],
            "jvm": g["jvm"],
            "jvmOptions": g["jvmOptions"],
        }
        for g in grouped(results, stage)
        if g["precision"] == precision
    ][:n]


def mib(value):
    return "n/a" if value is None else f"{value:.0f}"


def table(groups):
    lines = [
        "| precision | workers | batch | sort by length | JVM options | rows | runs | rows/s | classify s | total s "
        "| peak RSS MiB | peak PSS MiB |",
        "|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for g in groups:
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} | {:.1f} | {:.1f} | {:.1f} | {} | {} |".format(
                g["precision"],
                g["workers"],
                g["batch"],
                "on" if g["sort"] else "off",
                "{}: `{}`".format(g["jvm"], g["jvmOptions"]) if g["jvmOptions"] else g["jvm"],
                g["rows"],
                g["runs"],
                g["rowsPerSecond"],
                g["classifySeconds"],
                g["totalSeconds"],
                mib(g["peakRssMiB"]),
                mib(g["peakPssMiB"]),
            )
        )
    return "\n".join(lines)


def matrix(groups, precision):
    """rows/s and peak PSS of one precision as workers (rows) x batch size (columns); "-" where not run."""
    cells = {(g["workers"], g["batch"]): g for g in groups if g["precision"] == precision and g["jvm"] == "default"}
    workers = sorted({w for w, _ in cells})
    batches = sorted({b for _, b in cells})
    lines = [
        "| {} workers \\ batch | {} |".format(precision, " | ".join(str(b) for b in batches)),
        "|---:|" + "---:|" * len(batches),
    ]
    for w in workers:
        row = []
        for b in batches:
            g = cells.get((w, b))
            row.append("-" if g is None else "{:.1f} rows/s, {} MiB".format(g["rowsPerSecond"], mib(g["peakPssMiB"])))
        lines.append("| {} | {} |".format(w, " | ".join(row)))
    return "\n".join(lines)


def extensions(m):
    return " ".join(m.get("vectorExtensions") or ["vector extensions not recorded"])


STATE = {}


def save(args, results):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = STATE["stamp"]
    document = {
        "date": STATE["date"],
        "command": " ".join(sys.argv),
        "machine": STATE["machine"],
        "input": args.input,
        "model": args.model,
        "runs": results,
    }
    (out / f"classify-sweep-{stamp}.json").write_text(json.dumps(document, indent=2) + "\n")
    versions = next((r["summary"].get("engine") for r in results if "summary" in r), "unknown")
    java = next((r["summary"].get("java") for r in results if "summary" in r), "unknown")
    m = STATE["machine"]
    parts = [
        "# classify sweep, {}".format(STATE["date"]),
        "",
        "Command: `{}`  ".format(document["command"]),
        "Machine: {} ({}; {} cores, {} GiB), Linux {}; Java {}; commit {}{}  ".format(
            m["cpu"],
            extensions(m),
            m["cores"],
            m["memoryGiB"],
            m["kernel"],
            java,
            m["commit"][:12],
            " (dirty)" if m["dirty"] else "",
        ),
        f"Engine (the first run): {versions}  ",
        f"Model: `{args.model}`; input `{args.input}`.",
        "",
        "rows/s = rows classified / classification time (model load excluded; the median of the runs); "
        "peak RSS/PSS = the whole process's peak, largest of the runs.",
        "",
    ]
    titles = {
        1: f"Stage 1: every configuration, first {args.grid_rows} rows",
        2: f"Stage 2: every worker count at the fastest batch size, {args.full_rows} rows",
        3: f"Stage 3: sorting by length off, first {args.grid_rows} rows",
    }
    for stage in (1, 2, 3):
        groups = grouped(results, stage)
        if groups:
            parts += ["## " + titles[stage], "", table(groups), ""]
    failed = [r for r in results if r["exitCode"] != 0]
    if failed:
        parts += (
            ["## Failed runs", ""]
            + [
                "- stage {} {} w{} b{} JVM {}: exit {}{}".format(
                    r["stage"],
                    r["precision"],
                    r["workers"],
                    r["batch"],
                    r.get("jvm", "default"),
                    r["exitCode"],
                    "; stderr: " + r["stderrTail"].strip().splitlines()[-1] if r.get("stderrTail", "").strip() else "",
                )
                for r in failed
            ]
            + [""]
        )
    (out / f"classify-sweep-{stamp}.md").write_text("\n".join(parts))


def report(args):
    """One table per (rows, sorting) over the runs of several result files; the median where a configuration repeats."""
    sources = [(name, json.loads(Path(name).read_text())) for name in args.report]
    results = [r for _, document in sources for r in document["runs"]]
    parts = [f"# classify sweep report, {len(sources)} result files", ""]
    for name, document in sources:
        m = document["machine"]
        parts.append(
            "- `{}`: {}, `{}`, {} ({}; {} cores), commit {}{}, {} runs".format(
                Path(name).name,
                document["date"],
                document["command"],
                m["cpu"],
                extensions(m),
                m["cores"],
                m["commit"][:12],
                " (dirty)" if m["dirty"] else "",
                len(document["runs"]),
            )
        )
    parts += [
        "",
        "rows/s = rows classified / classification time (model load excluded; the median of the runs); "
        "peak RSS/PSS = the whole process's peak, largest of the runs.",
        "",
    ]
    groups = grouped(results)
    for rows, sort in sorted({(g["rows"], g["sort"]) for g in groups}, key=lambda t: (t[0], not t[1])):
        selected = sorted(
            (g for g in groups if g["rows"] == rows and g["sort"] == sort),
            key=lambda g: (g["precision"], -g["rowsPerSecond"]),
        )
        parts += [
            "## {} rows, sorting by length {} ({} configurations)".format(rows, "on" if sort else "off", len(selected)),
            "",
        ]
        for precision in sorted({g["precision"] for g in selected}):
            parts += [matrix(selected, precision), ""]
        parts += [table(selected), ""]
    failed = [r for r in results if r["exitCode"] != 0]
    if failed:
        parts += (
            ["## Failed runs", ""]
            + [
                "- {} rows {} w{} b{}: exit {}".format(
                    r["rows"], r["precision"], r["workers"], r["batch"], r["exitCode"]
                )
                for r in failed
            ]
            + [""]
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "classify-report-{}.md".format(STATE["stamp"])
    target.write_text("\n".join(parts))
    print(f"report: {target}")
    return 0


def main():
    args = parse_args()
    now = datetime.datetime.now().astimezone()
    STATE.update(stamp=now.strftime("%Y%m%d-%H%M%S"), date=now.isoformat(timespec="seconds"))
    if args.report:
        return report(args)
    STATE["machine"] = machine()
    results = []
    with tempfile.TemporaryDirectory(prefix="classify-sweep-") as tmp:
        scratch = Path(tmp)
        if 1 in args.stages:
            grid = [
                {"precision": p, "workers": w, "batch": b, "sort": True, "jvm": jvm, "jvmOptions": options}
                for p in args.precisions
                for w in args.workers
                for b in args.batch_sizes
                for jvm, options in (args.jvm or [("default", "")])
            ]
            print(f"stage 1: {len(grid)} configurations x {args.grid_rows} rows", flush=True)
            measure(args, grid, args.grid_rows, 1, scratch, results)
        if 2 in args.stages:
            axis = [
                dict(c, workers=w) for p in args.precisions for c in fastest(results, 1, p, 1) for w in args.workers
            ]
            print(f"stage 2: {len(axis)} configurations x {args.full_rows} rows", flush=True)
            measure(args, axis, args.full_rows, 2, scratch, results)
        if 3 in args.stages:
            best = [dict(c, sort=False) for p in args.precisions for c in fastest(results, 1, p, 1)]
            print(f"stage 3: {len(best)} configurations without sorting x {args.grid_rows} rows", flush=True)
            measure(args, best, args.grid_rows, 3, scratch, results)
    if not args.dry_run:
        save(args, results)
        print("results: {}/classify-sweep-{}.{{json,md}}".format(args.out, STATE["stamp"]))
    return 1 if any(r["exitCode"] != 0 for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
