#!/usr/bin/env bash
# JMH benchmarks of the linear regression: fit time by training rows (qr vs normal-equation) and serial vs
# concurrent (virtual-thread) prediction by batch size. Writes bench/results/regression-<time>.json and prints
# the markdown tables of docs/benchmarks.md, "Linear regression (issue 5)".
# Extra arguments go to JMH after the benchmark pattern, e.g.:  bench/regression.sh -p rows=102,4000
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
JAVA_HOME="$(scripts/java-home.sh)"
export JAVA_HOME
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
mkdir -p bench/results
result="bench/results/regression-$(date +%Y%m%d-%H%M%S).json"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main 'dev\.polybridge\.bench\.Regression' -rf json -rff "$result" "$@"
python3 bench/regression_report.py "$result"
