"""Renders spark-bench.sh's results as the markdown table of docs/spark.md.

    python spark/bench/spark_report.py OUT_DIR > OUT_DIR/report.md

Reads OUT_DIR/<mode>-<rows>.measure.json (bin/polybridge measure) and .summary.json (classify's or SparkClassify's
own summary); writes OUT_DIR/results.json with the figures of every run.
"""

import json
import re
import sys
from pathlib import Path

MIB = 1024 * 1024


def load(path):
    return json.loads(path.read_text()) if path.exists() else None


def run_figures(out, name):
    mode, rows = re.fullmatch(r"(\w+)-(\d+)", name).groups()
    measured = load(out / f"{name}.measure.json")
    summary = load(out / f"{name}.summary.json") or {}
    wall = measured["wallSeconds"]
    executors = summary.get("executors", [])
    return {
        "mode": mode,
        "rows": int(rows),
        "exit": measured["exit"],
        "wall_s": wall,
        "rows_per_s": int(rows) / wall,
        "classify_phase_s": summary.get("classifySeconds"),
        "cpu_s": measured["cpu"]["totalSeconds"],
        "tree_peak_pss_mib": measured["memory"]["peakPssBytes"] / MIB,
        "processes": measured["processes"]["peakConcurrent"],
        "executor_peak_pss_mib": [e["peakPssBytes"] / MIB for e in executors]
        or ([summary["peakPssBytes"] / MIB] if summary.get("peakPssBytes") else []),
        "executor_ready_s": [e["startupSeconds"] for e in executors],
        "executor_jvm_up_at_ready_s": [e["readyAtUptimeSeconds"] for e in executors],
        "load_before": (out / f"{name}.load-before").read_text().strip(),
        "load_after": (out / f"{name}.load-after").read_text().strip(),
    }


def main():
    out = Path(sys.argv[1])
    names = sorted(
        {p.name[: -len(".measure.json")] for p in out.glob("*.measure.json")},
        key=lambda n: (int(n.rsplit("-", 1)[1]), ["classify", "local", "cluster"].index(n.rsplit("-", 1)[0])),
    )
    runs = [run_figures(out, n) for n in names]
    (out / "results.json").write_text(json.dumps(runs, indent=2))
    baseline = {r["rows"]: r["rows_per_s"] for r in runs if r["mode"] == "classify"}
    print(
        "| rows | run | wall s | rows/s | × classify | peak PSS per executor (MiB) | peak PSS whole tree (MiB) "
        "| processes | executor ready s (JVM up s) |"
    )
    print("|---:|---|---:|---:|---:|---|---:|---:|---|")
    for r in runs:
        ratio = r["rows_per_s"] / baseline[r["rows"]] if r["rows"] in baseline else float("nan")
        per_executor = ", ".join(f"{m:,.0f}" for m in r["executor_peak_pss_mib"])
        ready = ", ".join(
            f"{s:.1f} ({u:.1f})" for s, u in zip(r["executor_ready_s"], r["executor_jvm_up_at_ready_s"], strict=False)
        )
        print(
            f"| {r['rows']:,} | {r['mode']} | {r['wall_s']:.1f} | {r['rows_per_s']:.1f} | {ratio:.2f} | {per_executor} "
            f"| {r['tree_peak_pss_mib']:,.0f} | {r['processes']} | {ready} |"
        )
    print()
    for r in runs:
        print(f"- {r['mode']}-{r['rows']}: load before `{r['load_before']}`, after `{r['load_after']}`")


if __name__ == "__main__":
    main()
