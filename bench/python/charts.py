"""SVG charts of the benchmark comparison, from one results JSON.

Usage: charts.py RESULTS.json --out FOLDER

RESULTS.json:
{
  "title": "optional, printed above each chart",
  "note": "optional, printed under each chart, e.g. date, machine, model, versions",
  "approaches": [                         one entry per approach, in the order to show
    {"approach": "python-single",         name
     "items_per_s": 4.2,                  items / classify_s
     "classify_s": 238.1,                 classification wall time, s (warm-up excluded)
     "total_s": 251.0,                    whole run wall time, s (start-up, load, warm-up included)
     "peak_pss_mb": 812.0,                peak proportional set size of the process tree, MB
     "peak_rss_mb": 830.0,                peak resident set size of the process tree, MB
     "cpu_util": 1.9}                     average cores busy during the run (CPU s / wall s)
  ],
  "memory_vs_workers": [                  optional; one entry per (approach, worker count)
    {"approach": "python-multiprocessing", "workers": 8, "peak_pss_mb": 3900.0}
  ]
}
Any number may be null (not measured): its bar is left out and marked "n/a". Memory is shown in the
unit it is given in (MB as the measure tool reports it).

Writes FOLDER/throughput.svg (items/s per approach), FOLDER/memory.svg (peak PSS and RSS per approach)
and, when memory_vs_workers is given, FOLDER/memory_vs_workers.svg (peak PSS against concurrent
workers 1..64, log2 axis). Prints the files written as JSON.
"""

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FixedLocator, NullLocator, ScalarFormatter  # noqa: E402

APPROACH_KEYS = ("approach", "items_per_s", "classify_s", "total_s", "peak_pss_mb", "peak_rss_mb", "cpu_util")
WORKER_KEYS = ("approach", "workers", "peak_pss_mb")
PSS_COLOUR, RSS_COLOUR = "#2b6cb0", "#a0aec0"


class BadResults(Exception):
    pass


def load_results(path):
    try:
        results = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BadResults(f"cannot read {path}: {e}") from e
    if not isinstance(results, dict) or not results.get("approaches"):
        raise BadResults(f"{path}: needs an object with a non-empty 'approaches' list")
    check_entries(path, results, "approaches", APPROACH_KEYS, numbers=APPROACH_KEYS[1:])
    check_entries(path, results, "memory_vs_workers", WORKER_KEYS, numbers=("peak_pss_mb",))
    for i, entry in enumerate(results.get("memory_vs_workers", [])):
        if not isinstance(entry["workers"], int) or entry["workers"] < 1:
            raise BadResults(f"{path}: memory_vs_workers[{i}].workers must be a whole number >= 1")
    return results


def check_entries(path, results, section, keys, numbers):
    for i, entry in enumerate(results.get(section, [])):
        missing = [key for key in keys if key not in entry]
        if missing:
            raise BadResults(f"{path}: {section}[{i}] has no {', '.join(missing)}")
        for key in numbers:
            if entry[key] is not None and not isinstance(entry[key], (int, float)):
                raise BadResults(f"{path}: {section}[{i}].{key} must be a number or null, got {entry[key]!r}")


def new_figure(results, heading, rows):
    figure, axes = plt.subplots(figsize=(10, 1.6 + 0.55 * rows))
    title = f"{results['title']}: {heading}" if results.get("title") else heading
    axes.set_title(title, fontsize=13, loc="left", pad=12)
    if results.get("note"):
        figure.text(0.01, 0.01, results["note"], fontsize=8, color="#555555", ha="left", va="bottom")
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def save(figure, folder, name):
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    path = folder / name
    figure.savefig(path, format="svg")
    plt.close(figure)
    return str(path)


def throughput_chart(results, folder):
    entries = results["approaches"]
    figure, axes = new_figure(results, "throughput (higher is better)", len(entries))
    names = [e["approach"] for e in entries]
    values = [e["items_per_s"] or 0 for e in entries]
    positions = range(len(entries))
    axes.barh(positions, values, color=PSS_COLOUR)
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()
    axes.set_xlabel("items classified per second (classification only, warm-up excluded)")
    top = max(values) or 1
    axes.set_xlim(0, top * 2.1)
    for position, entry in zip(positions, entries, strict=False):
        axes.text(
            (entry["items_per_s"] or 0) + top * 0.01, position, throughput_label(entry), va="center", fontsize=8.5
        )
    return save(figure, folder, "throughput.svg")


def throughput_label(entry):
    if entry["items_per_s"] is None:
        return "n/a"
    parts = [f"{entry['items_per_s']:.1f} items/s"]
    if entry["classify_s"] is not None:
        parts.append(f"classify {entry['classify_s']:.1f} s")
    if entry["total_s"] is not None:
        parts.append(f"total {entry['total_s']:.1f} s")
    if entry["cpu_util"] is not None:
        parts.append(f"CPU {entry['cpu_util']:.2f} cores")
    return ", ".join(parts)


def memory_chart(results, folder):
    entries = results["approaches"]
    figure, axes = new_figure(results, "peak memory of the whole process tree (lower is better)", len(entries) * 1.6)
    height = 0.38
    for offset, key, colour, label in (
        (-height / 2, "peak_pss_mb", PSS_COLOUR, "PSS (shared pages split between processes)"),
        (height / 2, "peak_rss_mb", RSS_COLOUR, "RSS (shared pages counted in every process)"),
    ):
        positions = [i + offset for i in range(len(entries))]
        axes.barh(positions, [e[key] or 0 for e in entries], height=height, color=colour, label=label)
        for position, entry in zip(positions, entries, strict=False):
            text = "n/a" if entry[key] is None else f"{entry[key]:,.0f} MB"
            axes.text((entry[key] or 0), position, " " + text, va="center", fontsize=8)
    axes.set_yticks(range(len(entries)), [e["approach"] for e in entries])
    axes.invert_yaxis()
    axes.set_xlabel("peak memory (MB)")
    top = max((e[key] or 0) for e in entries for key in ("peak_pss_mb", "peak_rss_mb")) or 1
    axes.set_xlim(0, top * 1.25)
    figure.legend(loc="lower right", ncol=2, fontsize=8, frameon=False)
    return save(figure, folder, "memory.svg")


def memory_vs_workers_chart(results, folder):
    entries = results["memory_vs_workers"]
    figure, axes = new_figure(results, "peak memory (PSS) against concurrent workers", 7)
    approaches = list(dict.fromkeys(e["approach"] for e in entries))
    for number, approach in enumerate(approaches):
        label_offset = (0, 7) if number % 2 == 0 else (0, -13)
        points = sorted(
            (e["workers"], e["peak_pss_mb"])
            for e in entries
            if e["approach"] == approach and e["peak_pss_mb"] is not None
        )
        if not points:
            continue
        workers, pss = zip(*points, strict=False)
        (line,) = axes.plot(workers, pss, marker="o", label=approach)
        for x, y in points:
            axes.annotate(
                f"{y:,.0f}",
                (x, y),
                textcoords="offset points",
                xytext=label_offset,
                ha="center",
                fontsize=8,
                color=line.get_color(),
            )
    counts = sorted({e["workers"] for e in entries})
    axes.set_xscale("log", base=2)
    axes.xaxis.set_major_locator(FixedLocator(counts))
    axes.xaxis.set_major_formatter(ScalarFormatter())
    axes.xaxis.set_minor_locator(NullLocator())
    axes.set_xlabel("concurrent workers (processes for multiprocessing, threads for one process; log2 scale)")
    axes.set_ylabel("peak PSS of the process tree (MB)")
    axes.set_ylim(bottom=0)
    axes.grid(True, color="#e2e8f0")
    axes.legend(fontsize=9, frameon=False)
    return save(figure, folder, "memory_vs_workers.svg")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", help="results JSON (schema above)")
    parser.add_argument("--out", required=True, type=Path, help="folder for the SVG files")
    args = parser.parse_args()
    try:
        results = load_results(args.results)
    except BadResults as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    written = [throughput_chart(results, args.out), memory_chart(results, args.out)]
    if results.get("memory_vs_workers"):
        written.append(memory_vs_workers_chart(results, args.out))
    print(json.dumps({"written": written}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
