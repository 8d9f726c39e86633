#!/usr/bin/env python3
"""Markdown tables from a JMH JSON result of bench/regression.sh (standard library only).

Medians are over the measurement iterations of each benchmark; the crossover is the smallest batch size from which
the concurrent prediction's median is below the serial one at every larger size measured.
"""

import json
import statistics
import sys
from collections import defaultdict


def iterations(result):
    return [score for fork in result["primaryMetric"]["rawData"] for score in fork]


def median(result):
    return statistics.median(iterations(result))


def spread(result):
    scores = iterations(result)
    return f"{min(scores):,.1f}–{max(scores):,.1f}"


def main(path):
    with open(path) as f:
        results = json.load(f)
    predict = defaultdict(dict)
    fit = defaultdict(dict)
    for r in results:
        name = r["benchmark"].rsplit(".", 1)
        rows = int(r["params"]["rows"])
        if name[0].endswith("RegressionPredictBenchmark"):
            predict[rows][r["params"]["way"]] = r
        elif name[0].endswith("RegressionFitBenchmark"):
            fit[rows][r["params"]["solver"]] = r
    first = results[0]
    print(
        f"JMH {first['jmhVersion']}, {first['vmName']} {first['vmVersion']} (JDK {first['jdkVersion']}), "
        f"mode {first['mode']}, {first['forks']} fork, warm-up {first['warmupIterations']} × {first['warmupTime']}, "
        f"measurement {first['measurementIterations']} × {first['measurementTime']}, JVM args {' '.join(first['jvmArgs'])}"
    )
    if predict:
        print(
            "\n| batch rows | serial median µs (range) | concurrent median µs (range) | serial / concurrent | serial ns/row |"
        )
        print("|---:|---:|---:|---:|---:|")
        faster = {}
        for rows in sorted(predict):
            serial, concurrent = predict[rows]["serial"], predict[rows]["concurrent"]
            ratio = median(serial) / median(concurrent)
            faster[rows] = ratio > 1
            print(
                f"| {rows:,} | {median(serial):,.2f} ({spread(serial)}) | {median(concurrent):,.2f} ({spread(concurrent)}) "
                f"| {ratio:.2f}× | {1000 * median(serial) / rows:.2f} |"
            )
        sizes = sorted(faster)
        crossover = next((s for i, s in enumerate(sizes) if all(faster[t] for t in sizes[i:])), None)
        if crossover is None:
            print("\nConcurrent prediction is not faster than serial at any batch size measured.")
        else:
            below = [s for s in sizes if s < crossover]
            print(
                f"\nCrossover: concurrent beats serial from {crossover:,} rows"
                + (f" (not yet at {below[-1]:,})" if below else " (the smallest batch measured)")
                + "."
            )
    if fit:
        solvers = sorted({s for by_solver in fit.values() for s in by_solver}, reverse=True)
        print("\n| training rows | " + " | ".join(f"{s} median µs (range)" for s in solvers) + " |")
        print("|---:|" + "---:|" * len(solvers))
        for rows in sorted(fit):
            print(
                f"| {rows:,} | "
                + " | ".join(f"{median(fit[rows][s]):,.1f} ({spread(fit[rows][s])})" for s in solvers)
                + " |"
            )


if __name__ == "__main__":
    main(sys.argv[1])
