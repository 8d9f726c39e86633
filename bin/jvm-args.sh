#!/usr/bin/env bash
# The JVM flags every polybridge launch uses: GraalPy's JIT where it pays (HotSpot's own JIT at C1 only, see
# DEVELOPERS.md), native access for ONNX Runtime, Native Memory Tracking for the memory report, and the collector.
# Kept in one place; pom.xml mirrors the JIT flags for tests.
#
# `bin/jvm-args.sh --java` prints the java to run them with instead: $POLYBRIDGE_JAVA when set, else the runtime
# image that `make build` links (target/runtime, scripts/runtime-image.sh) when it is there, else the JDK 25 of
# bin/java-home.sh (so in the distribution of `make dist`, which carries no runtime image). In the runtime image the
# Graal compiler goes on the module path and class-data sharing stays on, with the AOT cache `make build` records for
# the command's JIT setting (target/polybridge.aot with it, target/polybridge-classify.aot without) when it is there;
# on a stock JDK the compiler has to go on the upgrade module path, which turns class-data sharing off (DEVELOPERS.md;
# docs/memory.md, "Lean and quick", measures both: POLYBRIDGE_JAVA=$(bin/java-home.sh)/bin/java runs the stock JDK).
#
# $1 is the polybridge subcommand. GraalPy's JIT (the Graal compiler, which runs from jars on this JDK) is on for
# every command but `classify`, which runs GraalPy's interpreter without JVMCI: there ONNX Runtime keeps both cores
# busy, so the compiler, at nice 19, finishes next to nothing in a run, while loading it delays the first rows and
# costs memory and rows/s (docs/memory.md, "Sixth round"). POLYBRIDGE_PYTHON_JIT=on or off overrides the choice for
# any command; -Dpolybridge.python-jit=off tells the bridge its interpreter was chosen, so it does not warn.
#
# Batch commands run the Serial collector: in `classify` it held 130-230 MiB less peak PSS than G1 at the same speed;
# with a 32 MiB young generation (-Xmn32m) instead of a third of the default 384 MiB initial heap, whose eden is
# written over and over and so stays resident, 58 MiB less again. The HTTP server (`serve`) keeps G1, whose short
# pauses keep its latency tail down (slowest request at concurrency 1: 99-114 ms, against up to 331 ms with Serial).
# Measurements: docs/memory.md, "Collector, heap size and native trim".
# The server also runs a concurrent collection after a minute without one (G1PeriodicGCInterval), so the heap it grew
# under a burst (request bodies being received) shrinks again once it is idle instead of staying committed.
# A collector named in POLYBRIDGE_JAVA_OPTS replaces the choice (the JVM refuses two).
# In the checkout, the context also reads the compiled Python bytecode `make build` records (target/python-bytecode,
# dev.polybridge.bridge.PythonBytecode); -Dpolybridge.python-bytecode= in POLYBRIDGE_JAVA_OPTS turns that off.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The Graal compiler jars: lib/jvmci in the distribution, target/jvmci in the checkout.
jit_dir="$home/lib/jvmci"
[ -d "$jit_dir" ] || jit_dir="$home/target/jvmci"
runtime="$home/target/runtime"
java="${POLYBRIDGE_JAVA:-}"
if [ -z "$java" ]; then
  if [ -x "$runtime/bin/java" ]; then java="$runtime/bin/java"; else java="$("$home/bin/java-home.sh")/bin/java"; fi
fi
if [ "${1:-}" = "--java" ]; then echo "$java"; exit 0; fi
python_jit="${POLYBRIDGE_PYTHON_JIT:-}"
if [ -z "$python_jit" ]; then
  if [ "${1:-}" = "classify" ]; then python_jit=off; else python_jit=on; fi
fi
case "$python_jit" in
  on)
    if [ ! -d "$jit_dir" ]; then
      echo "the Graal compiler jars are missing ($home/lib/jvmci or $home/target/jvmci): run 'make build' in $home" >&2
      exit 2
    fi
    aot="$home/target/polybridge.aot"
    if [ "$java" = "$runtime/bin/java" ]; then
      jit="-XX:+EnableJVMCI --module-path=$jit_dir --add-modules=jdk.graal.compiler"
    else
      jit="-XX:+EnableJVMCI --upgrade-module-path=$jit_dir"
    fi
    ;;
  off)
    aot="$home/target/polybridge-classify.aot"
    jit="-Dpolybridge.python-jit=off"
    ;;
  *)
    echo "POLYBRIDGE_PYTHON_JIT must be on or off, got '$python_jit'" >&2
    exit 2
    ;;
esac
if [ "$java" = "$runtime/bin/java" ] && [ -f "$aot" ]; then jit="$jit -XX:AOTCache=$aot"; fi
bytecode=""
if [ -f "$home/target/python-bytecode/.recorded" ]; then bytecode="-Dpolybridge.python-bytecode=$home/target/python-bytecode"; fi
collector="-XX:+UseSerialGC -Xmn32m"
if [ "${1:-}" = "serve" ]; then collector="-XX:G1PeriodicGCInterval=60000"; fi
case " ${POLYBRIDGE_JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) collector="" ;; esac
echo "-XX:+UnlockExperimentalVMOptions $jit -XX:TieredStopAtLevel=1" \
     "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
     "-XX:NativeMemoryTracking=summary -XX:TrimNativeHeapInterval=5000 $collector $bytecode ${POLYBRIDGE_JAVA_OPTS:-}"
