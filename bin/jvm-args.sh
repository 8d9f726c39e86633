#!/usr/bin/env bash
# The JVM flags every polybridge launch uses: Graal JIT for GraalPy (with HotSpot's own JIT at C1 only, see
# DEVELOPERS.md), native access for ONNX Runtime, Native Memory Tracking for the memory report, and the collector.
# Kept in one place; pom.xml mirrors the JIT flags for tests.
#
# $1 is the polybridge subcommand. Batch commands run the Serial collector: in `classify` it held 130-230 MiB less
# peak PSS than G1 at the same speed. The HTTP server (`serve`) keeps G1, whose short pauses keep its latency tail
# down (slowest request at concurrency 1: 99-114 ms, against up to 331 ms with Serial). Measurements: docs/memory.md,
# "Collector, heap size and native trim".
# The server also runs a concurrent collection after a minute without one (G1PeriodicGCInterval), so the heap it grew
# under a burst (request bodies being received) shrinks again once it is idle instead of staying committed.
# A collector named in POLYBRIDGE_JAVA_OPTS replaces the choice (the JVM refuses two).
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jit_dir="$home/target/jvmci"
collector="-XX:+UseSerialGC"
if [ "${1:-}" = "serve" ]; then collector="-XX:G1PeriodicGCInterval=60000"; fi
case " ${POLYBRIDGE_JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) collector="" ;; esac
echo "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$jit_dir -XX:TieredStopAtLevel=1" \
     "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
     "-XX:NativeMemoryTracking=summary -XX:TrimNativeHeapInterval=5000 $collector ${POLYBRIDGE_JAVA_OPTS:-}"
