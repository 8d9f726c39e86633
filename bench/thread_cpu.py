#!/usr/bin/env python3
"""CPU seconds per thread name of a command (threads of one name summed; trailing digits dropped), read from
/proc/PID/task/*/stat every 0.5 s while it runs. The command's stderr goes to stderr. Used for the JIT and
worker/thread measurements in DEVELOPERS.md and docs/classify.md:

    python3 bench/thread_cpu.py bin/polybridge classify --input ../shared/data/wine-reviews-10k.csv \\
        --output /tmp/x.jsonl --limit 1000 --model models/distilbert-base-random --progress off

Thread names are the kernel's 15-character `comm` ("C2 CompilerThre", "TruffleCompiler", "python-entry-"...);
ONNX Runtime's pool threads carry the process name ("java"). Standard library only.
"""

import collections
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu(pid, seen):
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seen[(tid, name)] = (int(fields[11]) + int(fields[12])) / TICK


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    seen = {}
    while process.poll() is None:
        thread_cpu(process.pid, seen)
        time.sleep(0.5)
    totals = collections.Counter()
    for (_, name), seconds in seen.items():
        totals[name.rstrip("0123456789#-").strip()] += seconds
    for name, seconds in totals.most_common():
        print(f"{seconds:8.1f} s  {name}")
    print(f"{sum(totals.values()):8.1f} s  in all (exit status {process.returncode})")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
