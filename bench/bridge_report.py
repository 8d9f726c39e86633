"""Markdown table of bench/bridge.sh's results: polybridge's bridge and MetaCall's Go port on the same calls."""

import json
import pathlib
import sys

results = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
ours = json.loads((results / "bridge.json").read_text())
metacall = json.loads((results / "metacall-bridge.json").read_text())
load = [(results / f"bridge-load-{when}.txt").read_text().split()[:3] for when in ("before", "after")]
entry_threads = sorted((key for key in ours if key.startswith("entry_threads_")), key=lambda k: int(k.split("_")[-1]))
calls = {"add_ints": "add_ints(20, 22)", "echo_32_strings": "echo_texts(32 short strings)"}

print(
    f"Date {ours['date']}; CPU {ours['cpu']}, {ours['cores']} cores; load average before {' '.join(load[0])}, "
    f"after {' '.join(load[1])}. polybridge: GraalPy {ours[entry_threads[0]]['jit']}, callers are pool workers "
    f"(virtual threads); MetaCall: core 0.9.22, Go port, {metacall['go']}, callers are goroutines "
    f"(GOMAXPROCS {metacall['gomaxprocs']}). Medians of {metacall['repetitions']} rounds after a warm-up round.\n"
)
head = ["call", "callers"]
for key in entry_threads:
    count = key.split("_")[-1]
    head += [f"polybridge, {count} entry thread(s): µs/call", "calls/s"]
head += ["MetaCall Go port: µs/call", "calls/s"]
print("| " + " | ".join(head) + " |")
print("|---|---:|" + "---:|" * (len(head) - 2))
for name, label in calls.items():
    for callers in (1, 8):
        figure = f"{name}_callers_{callers}"
        cells = [label, str(callers)]
        for key in entry_threads + [None]:
            source = ours[key][figure] if key else metacall[figure]
            cells += [f"{source['us_per_call_median']:,.1f}", f"{source['calls_per_s_median']:,.0f}"]
        print("| " + " | ".join(cells) + " |")
print("\nµs/call: the mean wall time of one call as its caller sees it; calls/s: all callers together.")
