#!/usr/bin/env bash
# Builds the Java runtime bin/polybridge launches: the JDK 25 found by bin/java-home.sh, linked again by jlink
# without its empty jdk.graal.compiler placeholder module (and jdk.graal.compiler.management, which requires it).
#
# Why: GraalPy's JIT needs the Graal compiler jars (target/jvmci) as the module jdk.graal.compiler. Over the JDK's
# placeholder of that name they can only go with --upgrade-module-path, and that flag turns class-data sharing off
# ("CDS is disabled when the --upgrade-module-path option is specified"), so no AOT cache either. Without the
# placeholder, --module-path with --add-modules puts them in place and CDS and the AOT cache stay on
# (DEVELOPERS.md; docs/memory.md has the start-up measured both ways).
#
# Every other module of the JDK is kept, but jdk.jlink and jdk.jpackage (a JDK linked from its own run-time image
# cannot hold them). jlink writes the default CDS archive of the new image (--generate-cds-archive).
#
#   scripts/runtime-image.sh OUTPUT_DIR
set -euo pipefail
out="${1:?usage: scripts/runtime-image.sh OUTPUT_DIR}"
java_home="$("$(dirname "${BASH_SOURCE[0]}")/../bin/java-home.sh")"
modules="$("$java_home/bin/java" --list-modules | sed 's/@.*//' \
  | grep -v -x -E 'jdk\.graal\.compiler|jdk\.graal\.compiler\.management|jdk\.jlink|jdk\.jpackage' | paste -sd, -)"
rm -rf "$out" "$out.tmp"
# jlink warns that the module list holds an incubator module (jdk.incubator.vector); nothing uses it.
"$java_home/bin/jlink" --add-modules "$modules" --generate-cds-archive --output "$out.tmp" 2>&1 \
  | grep -v -E 'incubator modules|^Created CDS archive' || true
[ -x "$out.tmp/bin/java" ] || { echo "scripts/runtime-image.sh: jlink produced no runtime in $out.tmp" >&2; exit 1; }
mv "$out.tmp" "$out"
