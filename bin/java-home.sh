#!/usr/bin/env bash
# Prints the home of a JDK 25+ (Temurin preferred), or explains how to get one and fails.
set -euo pipefail
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
on_path=""
if command -v java >/dev/null 2>&1; then on_path="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; fi
for candidate in "${JAVA25_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*-25* "$on_path"; do
  [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
  v=$(major "$candidate")
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$candidate"; exit 0; fi
done
echo "polybridge needs a JDK 25 (Temurin 25 recommended); none found in JAVA25_HOME, JAVA_HOME, /usr/lib/jvm or on the PATH." >&2
echo "Install Temurin 25 (e.g. apt-get install temurin-25-jdk) or set JAVA_HOME to a JDK 25 home." >&2
exit 1
