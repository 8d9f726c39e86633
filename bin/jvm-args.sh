#!/usr/bin/env bash
# The JVM flags every polybridge launch uses: Graal JIT for GraalPy (with HotSpot's own JIT at C1 only, see
# DEVELOPERS.md), native access for ONNX Runtime, Native Memory Tracking for the memory report. Kept in one
# place; pom.xml mirrors them for tests.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jit_dir="$home/target/jvmci"
echo "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$jit_dir -XX:TieredStopAtLevel=1" \
     "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
     "-XX:NativeMemoryTracking=summary -XX:TrimNativeHeapInterval=5000 ${POLYBRIDGE_JAVA_OPTS:-}"
