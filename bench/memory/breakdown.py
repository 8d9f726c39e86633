#!/usr/bin/env python3
"""Where a JVM command's memory is at its peak: runs the command (bin/polybridge ..., which execs the JVM, so the pid
is the JVM's), and every --every seconds reads its /proc/PID/smaps_rollup and asks it, through jcmd, for Native Memory
Tracking's summary (the launcher starts every JVM with -XX:NativeMemoryTracking=summary) and the heap's use. Prints
the sample of the highest PSS: PSS, RSS, anonymous and file-backed, each NMT category's committed memory, the
resident pages of the class-data archive (the AOT cache or CDS archive that NMT counts as "Shared class space"; the
JVM maps it from its file and writes the pages it relocates, which become anonymous), and what is anonymous but
neither the heap's resident pages, the archive's written pages nor the rest of what NMT counts: native libraries'
memory (ONNX Runtime's weights and arena, GraalPy's native parts).

    python3 bench/memory/breakdown.py --json out/breakdown.json -- bin/polybridge classify --input ... --output ...

NMT counts committed memory, which may be more than what is resident; the report says so. Standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

MIB = 1048576


def smaps_rollup(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[-1] == "kB":
                    fields[parts[0].rstrip(":")] = int(parts[1]) * 1024
    except OSError:
        return None
    return fields


def jcmd(jcmd_path, pid, *command):
    try:
        return subprocess.run([jcmd_path, str(pid), *command], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def nmt_categories(text):
    """{category: committed bytes} and the total, from `VM.native_memory summary` (scale KB)."""
    categories = {}
    total = None
    for line in text.splitlines():
        m = re.match(r"^Total: reserved=(\d+)KB, committed=(\d+)KB", line.strip())
        if m:
            total = int(m.group(2)) * 1024
            continue
        m = re.match(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB[,)]", line.strip())
        if m:
            categories[m.group(1).strip()] = int(m.group(3)) * 1024
    return categories, total


def heap_info(text):
    """(committed, used, address range) of the Java heap, from the generation or region lines of `GC.heap_info`."""
    committed = used = 0
    start, end = None, None
    for line in text.splitlines():
        m = re.search(r"total (\d+)K, used (\d+)K \[(0x[0-9a-f]+), (?:0x[0-9a-f]+, )?(0x[0-9a-f]+)\)", line)
        if not m or line.startswith(" "):
            continue
        committed += int(m.group(1)) * 1024
        used += int(m.group(2)) * 1024
        low, high = int(m.group(3), 16), int(m.group(4), 16)
        start = low if start is None else min(start, low)
        end = high if end is None else max(end, high)
    return committed or None, used or None, (start, end) if start is not None else None


def smaps(pid):
    """Each mapping of pid, from /proc/PID/smaps: (start, end, path, {field: bytes}), or None once pid is gone."""
    mappings = []
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$", line)
                if m:
                    mappings.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3), {}))
                elif mappings and line.rstrip().endswith(" kB"):
                    name, value = line.split()[:2]
                    mappings[-1][3][name.rstrip(":")] = int(value) * 1024
    except OSError:
        return None
    return mappings


def resident_in(mappings, address_range):
    """Rss of the mappings inside [start, end) (a mapping that straddles counts in part)."""
    start, end = address_range
    total = 0
    for low, high, _, fields in mappings:
        overlap = min(high, end) - max(low, start)
        if overlap > 0:
            total += int(fields.get("Rss", 0) * overlap / (high - low))
    return total


def archive_mappings(mappings):
    """Rss and the anonymous (written) part of the class-data archives mapped (*.aot, *.jsa)."""
    archives = [fields for _, _, path, fields in mappings if path.endswith((".aot", ".jsa"))]
    return sum(f.get("Rss", 0) for f in archives), sum(f.get("Anonymous", 0) for f in archives)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--every", type=float, default=3.0, help="seconds between samples (default: %(default)s)")
    p.add_argument("--jcmd", default=None, help="jcmd to use (default: the one beside the JVM the command runs)")
    p.add_argument("--json", default=None)
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        p.error("give the command after --")
    process = subprocess.Popen(command)
    samples = []
    done = threading.Event()

    def sample():
        jcmd_path = args.jcmd
        while not done.wait(args.every):
            if jcmd_path is None:
                try:
                    exe = os.readlink(f"/proc/{process.pid}/exe")
                except OSError:
                    continue
                if not exe.endswith("/java"):
                    continue  # still the launcher script
                jcmd_path = exe[: -len("java")] + "jcmd"
                if not os.path.exists(jcmd_path):  # a runtime image without jdk.jcmd: the JDK's
                    jcmd_path = "jcmd"
            memory = smaps_rollup(process.pid)
            if memory is None:
                break
            categories, nmt_total = nmt_categories(
                jcmd(jcmd_path, process.pid, "VM.native_memory", "summary", "scale=KB")
            )
            committed, used, heap_range = heap_info(jcmd(jcmd_path, process.pid, "GC.heap_info"))
            mappings = smaps(process.pid)
            if mappings is None:
                break
            archive_resident, archive_anonymous = archive_mappings(mappings)
            samples.append(
                {
                    "at_s": round(time.monotonic() - started, 1),
                    "pss": memory.get("Pss"),
                    "rss": memory.get("Rss"),
                    "anonymous": memory.get("Anonymous"),
                    "file_backed": memory.get("Rss", 0) - memory.get("Anonymous", 0),
                    "nmt_committed": nmt_total,
                    "nmt": categories,
                    "heap_committed": committed,
                    "heap_used": used,
                    "heap_resident": resident_in(mappings, heap_range) if heap_range else None,
                    "archive_resident": archive_resident,
                    "archive_anonymous": archive_anonymous,
                }
            )

    started = time.monotonic()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    done.set()
    sampler.join()
    usable = [s for s in samples if s["nmt_committed"]]
    if not usable:
        print(
            "breakdown: no sample with NMT (was the JVM started with -XX:NativeMemoryTracking=summary?)",
            file=sys.stderr,
        )
        return status or 1
    peak = max(usable, key=lambda s: s["pss"])
    heap_nmt = peak["nmt"].get("Java Heap", 0)
    if peak.get("heap_resident") is not None:
        # NMT's other categories are taken as resident (metaspace, code, symbols are written when committed), except
        # the archive, whose anonymous pages smaps gives: the rest of it is file-backed.
        archive_nmt = peak["nmt"].get("Shared class space", 0)
        peak["jvm_other_committed"] = peak["nmt_committed"] - heap_nmt - archive_nmt
        peak["non_jvm_native"] = (
            peak["anonymous"] - peak["heap_resident"] - peak["jvm_other_committed"] - peak["archive_anonymous"]
        )
    print(f"sample of the highest PSS, {peak['at_s']} s after launch ({len(usable)} samples):", file=sys.stderr)
    for key in (
        "pss",
        "rss",
        "anonymous",
        "file_backed",
        "heap_resident",
        "heap_committed",
        "heap_used",
        "archive_resident",
        "archive_anonymous",
        "jvm_other_committed",
        "non_jvm_native",
    ):
        if peak.get(key) is not None:
            print(f"  {key:<16} {peak[key] / MIB:8.1f} MiB", file=sys.stderr)
    print("  NMT committed by category:", file=sys.stderr)
    for name, value in sorted(peak["nmt"].items(), key=lambda kv: -kv[1]):
        if value >= MIB:
            print(f"    {name:<24} {value / MIB:8.1f} MiB", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"command": command, "status": status, "peak": peak, "samples": samples}, f, indent=2)
    return status


if __name__ == "__main__":
    sys.exit(main())
