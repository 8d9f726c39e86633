#!/usr/bin/env bash
# JMH benchmarks of the linear regression: fit time by training rows (qr vs normal-equation) and serial vs
# concurrent (virtual-thread) prediction by batch size. Writes bench/results/regression-<time>.json and prints
# the markdown tables of docs/benchmarks.md, "Linear regression (issue 5)".
# An optional first argument replaces the benchmark pattern; the rest go to JMH, e.g.
#   bench/regression.sh RegressionPredict -p rows=4096,8192
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
JAVA_HOME="$(bin/java-home.sh)"
export JAVA_HOME
# The benchmarks live in the harness's build (bench/pom.xml), on the core jar that `make build` installs.
./mvnw -B -q -f bench/pom.xml test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
pattern='dev\.polybridge\.bench\.Regression'
if [[ $# -gt 0 && $1 != -* ]]; then pattern=$1; shift; fi
mkdir -p bench/results
result="bench/results/regression-$(date +%Y%m%d-%H%M%S).json"
# Other processes on the machine move these numbers; the load averages go into the report with them.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "bench/target/test-classes:bench/target/classes:$(cat bench/target/test-classpath.txt)" \
  org.openjdk.jmh.Main "$pattern" -rf json -rff "$result" "$@"
echo "load average (1, 5, 15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) processors"
python3 bench/regression_report.py "$result"
