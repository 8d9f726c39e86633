#!/usr/bin/env python3
"""Prints the markdown tables of docs/benchmarks.md ("HTTP service") from a bench/service-load.sh result folder."""

import json
import re
import sys
from datetime import datetime
from pathlib import Path


def mib(kib):
    return f"{int(kib) / 1024:,.0f}"


def classify_rows_per_second(folder):
    path = folder / "classify-summary.json"
    return json.loads(path.read_text())["rowsPerSecond"] if path.exists() else None


def load_table(folder):
    runs = {mode: json.loads((folder / f"load-{mode}.json").read_text()) for mode in ("on", "off")}
    baseline = classify_rows_per_second(folder)
    if baseline:
        summary = json.loads((folder / "classify-summary.json").read_text())
        print(
            f"`classify` on the same sentences ({summary['rows']:,} rows, {summary['precision']}, {summary['workers']} workers,"
            f" batch {summary['batchSize']}, sorted by length): **{baseline:.1f} rows/s** (classification time only)."
        )
        print()
    print("| concurrency | batching | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-200 |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    by_level = {}
    for mode, run in runs.items():
        for level in run["levels"]:
            by_level.setdefault(level["concurrency"], {})[mode] = level
    for concurrency in sorted(by_level):
        for mode in ("on", "off"):
            level = by_level[concurrency].get(mode)
            if level is None:
                continue
            bad = sum(v for k, v in level["statuses"].items() if k != "200")
            print(
                f"| {concurrency} | {mode} | {level['requests']:,} | {level['requests_per_second']:,.1f} | "
                f"{level['p50_ms']:.1f} | {level['p95_ms']:.1f} | {level['p99_ms']:.1f} | {level['max_ms']:.1f} | {bad} |"
            )
    print()
    print(
        "| concurrency | throughput on / off | p99 on / off | batching on / classify | targets (c ≥ 8: on beats off; c ≥ 32: ≥ 0.9× classify) |"
    )
    print("|---:|---:|---:|---:|---|")
    for concurrency in sorted(by_level):
        on, off = by_level[concurrency].get("on"), by_level[concurrency].get("off")
        if on and off:
            vs_classify = on["requests_per_second"] / baseline if baseline else None
            verdicts = []
            if concurrency >= 8:
                beats = on["requests_per_second"] > off["requests_per_second"] and on["p99_ms"] < off["p99_ms"]
                verdicts.append("beats off: " + ("met" if beats else "missed"))
            if concurrency >= 32 and vs_classify is not None:
                verdicts.append("vs classify: " + ("met" if vs_classify >= 0.9 else "missed"))
            print(
                f"| {concurrency} | {on['requests_per_second'] / off['requests_per_second']:.2f}× | "
                f"{on['p99_ms'] / off['p99_ms']:.2f}× | {f'{vs_classify:.2f}×' if vs_classify else 'n/a'} | "
                f"{'; '.join(verdicts) or '-'} |"
            )
    print()
    for mode in ("on", "off"):
        metrics = dict(re.findall(r"^(\S+) (\S+)$", (folder / f"batches-{mode}.txt").read_text(), re.M))
        texts_sum = float(metrics.get("polybridge_batch_size_texts_sum", 0))
        count = float(metrics.get("polybridge_batch_size_texts_count", 0))
        requests_sum = float(metrics.get("polybridge_batch_requests_sum", 0))
        python_sum = float(metrics.get('polybridge_python_call_seconds_sum{outcome="success"}', 0))
        python_count = float(metrics.get('polybridge_python_call_seconds_count{outcome="success"}', 0))
        engine_sum = float(metrics.get("polybridge_engine_run_seconds_sum", 0))
        engine_count = float(metrics.get("polybridge_engine_run_seconds_count", 0))
        tokens = float(metrics.get("polybridge_batch_tokens_total", 0))
        padded = float(metrics.get("polybridge_batch_padded_tokens_total", 0))
        if count:
            line = (
                f"- batching {mode}: {count:,.0f} engine batches, {texts_sum / count:.2f} texts and "
                f"{requests_sum / count:.2f} requests per batch on average"
            )
            if padded:
                line += f", {tokens / count:.0f} tokens padded to {padded / count:.0f} ({100 * (padded - tokens) / padded:.1f}% padding)"
            if python_count and engine_count and texts_sum:
                line += (
                    f"; per batch {1000 * python_sum / python_count:.1f} ms in the Python call, of which "
                    f"{1000 * engine_sum / engine_count:.1f} ms per ONNX Runtime run ({engine_count / python_count:.2f} runs per call); "
                    f"per text {1000 * python_sum / texts_sum:.2f} ms, {1000 * engine_sum / texts_sum:.2f} ms of it in ONNX Runtime"
                )
            print(line + " (server metrics, whole run including the warm-up)")
    print()
    print("| batching | PSS before (MiB) | PSS max during (MiB) | PSS after (MiB) |")
    print("|---|---:|---:|---:|")
    for mode in ("on", "off"):
        summary = dict(re.findall(r"(\w+)=(\d+)", (folder / f"pss-summary-{mode}.txt").read_text()))
        print(f"| {mode} | {mib(summary['before'])} | {mib(summary['max_during'])} | {mib(summary['after'])} |")


WARM_UP_MINUTES = 5


def trend(xs, ys):
    """Least-squares slope of ys over xs."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / max(1e-9, sum((x - mx) ** 2 for x in xs))


def by_block(samples):
    """(minutes since the start, item) pairs grouped into blocks of WARM_UP_MINUTES: {block index: [items]}."""
    blocks = {}
    for minutes, item in samples:
        blocks.setdefault(int(minutes // WARM_UP_MINUTES), []).append(item)
    return blocks


def soak_table(folder):
    path = folder / "soak-pss.txt"
    if not path.exists():
        return
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    before = next(r for r in rows if len(r) > 2 and r[2] == "before")
    after = next(r for r in rows if len(r) > 2 and r[2] == "after")
    during = [(float(r[0]), int(r[1])) for r in rows if len(r) == 2]
    t0 = during[0][0]
    xs = [(t - t0) / 60 for t, _ in during]
    ys = [kib / 1024 for _, kib in during]
    n = len(xs)
    slope = trend(xs, ys)
    half = n // 2
    soak = json.loads((folder / "soak-load.json").read_text())["levels"][0]
    print(
        f"Soak: {soak['seconds']:.0f} s at concurrency {soak['concurrency']}, {soak['requests']:,} requests "
        f"({soak['requests_per_second']:,.1f} req/s, p99 {soak['p99_ms']:.1f} ms), PSS sampled every 5 s ({n} samples)."
    )
    print()
    print(
        "| PSS before (MiB) | first sample | min | max | last sample | after (MiB) | mean 1st half | mean 2nd half | trend (MiB/min) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {mib(before[1])} | {ys[0]:,.0f} | {min(ys):,.0f} | {max(ys):,.0f} | {ys[-1]:,.0f} | {mib(after[1])} | "
        f"{sum(ys[:half]) / max(1, half):,.0f} | {sum(ys[half:]) / max(1, n - half):,.0f} | {slope:+.2f} |"
    )
    if xs[-1] >= 2 * WARM_UP_MINUTES:
        # The arena and the heap grow to their working size in the first minutes; a leak keeps growing after.
        warm = [(x, y) for x, y in zip(xs, ys, strict=True) if x >= WARM_UP_MINUTES]
        blocks = by_block(zip(xs, ys, strict=True))
        means = ", ".join(f"{sum(b) / len(b):,.0f}" for _, b in sorted(blocks.items()))
        print()
        print(
            f"Mean PSS per {WARM_UP_MINUTES} minutes (MiB): {means}. Trend after the first {WARM_UP_MINUTES} minutes: "
            f"{trend([x for x, _ in warm], [y for _, y in warm]):+.2f} MiB/min over {len(warm)} samples."
        )


MEMORY_PARTS = (
    ("PSS", lambda m: m["process"]["pssBytes"]),
    ("file-backed", lambda m: m["rssBreakdown"]["fileBackedBytes"]),
    ("heap resident", lambda m: m["rssBreakdown"]["javaHeapResidentBytes"]),
    ("heap used", lambda m: m["jvm"]["heapUsedBytes"]),
    ("JVM malloc", lambda m: m["rssBreakdown"]["jvmMallocBytes"]),
    ("JVM mappings committed", lambda m: m["rssBreakdown"]["jvmMappedCommittedBytes"]),
    ("code cache used", lambda m: m["jvm"]["codeCacheUsedBytes"]),
    ("non-JVM native, low", lambda m: m["rssBreakdown"]["nonJvmNativeMinBytes"]),
    ("non-JVM native, high", lambda m: m["rssBreakdown"]["nonJvmNativeMaxBytes"]),
)


def soak_parts_table(folder):
    """The server's own memory report through the soak, as means per block of minutes: which part moves."""
    path = folder / "soak-memory.jsonl"
    if not path.exists():
        return
    reports = []
    for line in path.read_text().splitlines():
        try:
            reports.append(json.loads(line))
        except ValueError:
            continue  # a sample cut short (the server busy past curl's time limit)
    if len(reports) < 2:
        return

    def minutes(report):
        return datetime.fromisoformat(report["takenAt"].replace("Z", "+00:00")).timestamp() / 60

    t0 = minutes(reports[0])
    blocks = by_block((minutes(report) - t0, report) for report in reports)
    full = max(len(b) for b in blocks.values())
    order = [b for b in sorted(blocks) if len(blocks[b]) * 2 >= full]  # a last block cut short is left out
    print()
    print(
        f"What the server's memory report (`GET /v1/memory`, {len(reports)} samples) says moved, mean MiB per "
        f"{WARM_UP_MINUTES} minutes (docs/memory.md explains each part); the change is counted from the block after "
        "the first, the warm-up:"
    )
    print()
    header = " | ".join(f"min {b * WARM_UP_MINUTES}–{(b + 1) * WARM_UP_MINUTES}" for b in order)
    print(f"| part | {header} | change after the warm-up |")
    print("|---|" + "---:|" * (len(order) + 1))
    for name, value in MEMORY_PARTS:
        means = [sum(value(r) for r in blocks[b]) / len(blocks[b]) / 2**20 for b in order]
        cells = " | ".join(f"{m:,.0f}" for m in means)
        change = f"{means[-1] - means[1]:+,.0f}" if len(means) > 2 else "n/a"
        print(f"| {name} | {cells} | {change} |")


def wrk_table(folder):
    path = folder / "wrk-on.txt"
    if not path.exists() or "not installed" in path.read_text():
        return
    print()
    print("wrk cross-check (batching on, 10 s per level, 1 thread):")
    print()
    print("| connections | req/s | p50 | p90 | p99 |")
    print("|---:|---:|---:|---:|---:|")
    for block in path.read_text().split("== wrk -c ")[1:]:
        c = block.split()[0]
        pct = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", block, re.M))
        rps = re.search(r"Requests/sec:\s+(\S+)", block)
        print(
            f"| {c} | {rps.group(1) if rps else '?'} | {pct.get('50', '?')} | {pct.get('90', '?')} | {pct.get('99', '?')} |"
        )


def main():
    folder = Path(sys.argv[1])
    load_average = folder / "load-average.txt"
    if load_average.exists():
        print(f"Load before the run: `{load_average.read_text().strip()}`")
        print()
    load_table(folder)
    print()
    soak_table(folder)
    soak_parts_table(folder)
    wrk_table(folder)


if __name__ == "__main__":
    main()
